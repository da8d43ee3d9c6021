"""The name a resident's device gave a file, made safe to show. It is display text only: never part of a path."""

from __future__ import annotations

import re
import unicodedata

FALLBACK = "file"
MAX_LENGTH = 120

# Bidirectional embeddings, overrides, isolates and marks: they can make "gpj.exe" display as "exe.jpg".
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Joiners that emoji and some scripts (Persian, Indic) need; every other invisible format character goes.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_DRIVE = re.compile(r"^[A-Za-z]:")


def clean_name(raw: str | None, *, max_length: int = MAX_LENGTH) -> str:
    """The last path part of `raw`, without control, format or bidirectional characters, at most `max_length` long.

    "../../etc/passwd" gives "passwd", "C:\\Users\\me\\photo.jpg" gives "photo.jpg", and a name left empty gives
    "file".
    """
    if not raw:
        return FALLBACK
    name = unicodedata.normalize("NFC", str(raw))
    name = _BIDI.sub("", name)
    name = "".join(ch for ch in name if _visible(ch))
    # Browsers on Windows send "C:\fakepath\x.jpg" or full paths; either separator may appear on any platform.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _DRIVE.sub("", name)
    name = " ".join(name.split())
    name = name.strip(" .")
    return _shorten(name, max_length) or FALLBACK


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
        return False
    return category != "Cf" or ch in _KEEP_FORMAT


def _shorten(name: str, max_length: int) -> str:
    """Cut a long name in the middle of its stem, so its extension still shows what it is."""
    if len(name) <= max_length:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 10:
        keep = max_length - len(extension) - 2
        return f"{stem[:keep].rstrip()}….{extension}"
    return name[: max_length - 1].rstrip() + "…"
