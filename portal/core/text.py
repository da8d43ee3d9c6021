"""Small text helpers shared across the portal."""

from __future__ import annotations

import re
import unicodedata

# NUL and the other control characters (except tab and line breaks), DEL and the C1 controls. PostgreSQL refuses NUL
# in text; the rest only ever hide or forge what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: U+202E makes "Smith" display as "htimS" and can disguise what a
# name or note says to the officer reading it. (Marks, U+200E/F, are harmless and some right-to-left text needs them.)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Lone UTF-16 surrogates cannot be stored or encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def slugify(text: str) -> str:
    """'Bethnal Green East' -> 'bethnal-green-east'; accents folded, '&' spelled out."""
    folded = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def clean_answer(text: str) -> str:
    """What someone typed, as it is kept: line breaks as \\n, without control, bidirectional override or lone
    surrogate characters, and without surrounding spaces. Everything else (accents, other scripts, emoji) stays."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("", _BIDI.sub("", _CONTROL.sub("", text)))
    return text.strip()
