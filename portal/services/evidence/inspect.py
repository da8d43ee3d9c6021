"""Checks that must see every byte of a file, run while it streams to storage (so it is read only once).

An inspector raises `Unacceptable` from `feed` or `finish`; the upload is then abandoned and nothing is kept.
"""

from __future__ import annotations

import codecs
import re
from typing import Protocol

from portal.services.evidence import types
from portal.services.evidence.types import FileType

# Bytes kept from the end of one chunk and searched again with the next, so a marker split across two chunks is
# still found. Longer than any marker we look for.
_OVERLAP = 64


class Unacceptable(Exception):
    """The file turned out not to be acceptable; `reason` completes "cannot be uploaded because ..."."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Inspector(Protocol):
    def feed(self, chunk: bytes) -> None: ...
    def finish(self) -> None: ...


class TextInspector:
    """Plain text stays valid UTF-8 without control characters or active markup to the very last byte."""

    _CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
    _MARKUP = re.compile(
        r"<\s*(?:script|html|svg|iframe|frame|body|head|object|embed|meta|style|link|img|form|base|\?xml|!doctype)"
        r"[\s>/]",
        re.IGNORECASE,
    )

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._tail = ""

    def feed(self, chunk: bytes) -> None:
        self._check(chunk, final=False)

    def finish(self) -> None:
        self._check(b"", final=True)

    def _check(self, chunk: bytes, *, final: bool) -> None:
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise Unacceptable("it is not a type we accept") from None
        if self._CONTROL.search(text):
            raise Unacceptable("it is not a type we accept")
        window = self._tail + text
        if self._MARKUP.search(window):
            raise Unacceptable("it contains web page code")
        self._tail = window[-_OVERLAP:]


class PdfInspector:
    """A PDF that runs code or carries files when opened is refused: JavaScript, launch actions, embedded files.

    PDF names may hide letters as #xx escapes (/J#61vaScript), so each name is decoded before it is compared.
    Names inside compressed object streams are not visible here; the malware-scanning hook is the defence there.
    """

    _NAME = re.compile(rb"/[A-Za-z0-9#]{1,40}")
    _ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
    _ACTIVE = {
        b"js": "it is a PDF containing JavaScript",
        b"javascript": "it is a PDF containing JavaScript",
        b"launch": "it is a PDF that can start other programs",
        b"embeddedfile": "it is a PDF with other files hidden inside it",
        b"embeddedfiles": "it is a PDF with other files hidden inside it",
        b"richmedia": "it is a PDF containing embedded media that can run code",
    }

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self._tail + chunk
        for match in self._NAME.finditer(window):
            name = self._ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group()[1:]).lower()
            if name in self._ACTIVE:
                raise Unacceptable(self._ACTIVE[name])
        self._tail = window[-_OVERLAP:]

    def finish(self) -> None:
        """Every name was checked as it arrived, including those split across chunks."""


def inspector_for(file_type: FileType) -> Inspector | None:
    if file_type is types.TEXT:
        return TextInspector()
    if file_type is types.PDF:
        return PdfInspector()
    return None
