"""Reading numbers people and browsers send: ASCII digits only, always within a range.

Python's own `str.isdigit()` and `int()` accept other scripts' digits ('٣', '３') and even superscripts ('²' is a
digit to isdigit() but not to int()), and `int()` takes numbers of any size, which no database column can hold. Every
number the portal reads from outside goes through here, so each is plain 0-9 and fits where it is going.
"""

from __future__ import annotations

import re

# The largest value of a 32-bit signed integer column (ids, counts): PostgreSQL's INTEGER, SQLite's practical limit.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def whole_number(text: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """`text` as a whole number when it is only ASCII digits (surrounding spaces allowed) between `minimum` and
    `maximum`; otherwise None. Never raises, whatever it is given."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    # More digits than the maximum has cannot be in range: refuse before int() works on a 100,000-digit string.
    if not _DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def ascii_digits(text: str) -> bool:
    """True when `text` is one or more of 0-9 and nothing else."""
    return bool(_DIGITS.fullmatch(text))
