"""Small text helpers shared across the portal."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """'Bethnal Green East' -> 'bethnal-green-east'; accents folded, '&' spelled out."""
    folded = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
