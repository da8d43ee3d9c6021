"""What is sent with a stored evidence file, for someone already authorised to see it (security check 25).

The response carries the type we detected (never the uploader's claim), an RFC 6266 Content-Disposition, nosniff,
a `sandbox` CSP (so even a file a browser did render could run nothing and reach nothing of the portal's origin)
and no-store. Only images and PDFs may be shown in the browser; everything else downloads. Quarantined files are
never served.

Chromium's PDF viewer will not run in a sandboxed document, so Chrome and Edge show an inline PDF as blocked; the
sandbox stays (it is what makes untrusted files safe to serve) and pages offer a download link (`download=True`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote

from portal.services.evidence.storage import Storage
from portal.services.evidence.types import ALLOWED, FileType, Kind

_BY_MIME: dict[str, FileType] = {}
for _type in ALLOWED:
    _BY_MIME.setdefault(_type.mime, _type)


class Quarantined(LookupError):
    """A flagged file is never served; to everyone it looks like it does not exist (the web layer's 404)."""


def download_name(display_name: str, mime: str) -> str:
    """The display name, with the detected type's extension added when its own does not match.

    A text statement uploaded as "notes.html" downloads as "notes.html.txt", so the desktop never opens it as a page.
    """
    file_type = _BY_MIME.get(mime)
    if file_type and not display_name.lower().endswith(file_type.extensions):
        return display_name + file_type.extension
    return display_name


def content_disposition(disposition: str, filename: str) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 with RFC 8187 for UTF-8)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = "".join(ch if ch.isprintable() and ch not in '"\\%;' else "_" for ch in ascii_name).strip()
    if not ascii_name or ascii_name.startswith("."):
        ascii_name = "file" + ascii_name  # "照片.jpg" would otherwise fall back to the hidden-looking ".jpg"
    encoded = quote(filename, safe="!#$&+-.^_`|~")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


@dataclass(frozen=True)
class Served:
    """A stored file ready to send: its bytes (a stream the caller closes), and the headers it goes with."""

    stream: BinaryIO
    content_type: str
    size: int | None
    headers: dict[str, str]


def prepare(
    storage: Storage,
    key: str,
    *,
    mime: str,
    display_name: str,
    size: int | None = None,
    quarantined: bool = False,
    download: bool = False,
) -> Served:
    """Open the stored file with its headers. `download=True` forces an attachment even for an image or PDF.
    Raises Quarantined for a flagged file or a type we do not serve."""
    if quarantined or mime not in _BY_MIME:
        raise Quarantined()
    kind = _BY_MIME[mime].kind
    viewable = kind is Kind.IMAGE or mime == "application/pdf"
    disposition = "inline" if viewable and not download else "attachment"
    headers = {
        "Content-Disposition": content_disposition(disposition, download_name(display_name, mime)),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",  # kept by the security headers' after_request
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    content_type = f"{mime}; charset=utf-8" if mime == "text/plain" else mime
    return Served(stream=storage.open(key), content_type=content_type, size=size, headers=headers)
