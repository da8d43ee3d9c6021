"""Report references: what a reporter reads out on the phone or types into the track page.

Eleven random characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V, 2/Z), then a check character,
shown as three groups: ``HKR7-M3XQ-9TB4``. 11 × log2(28) ≈ 52 bits, so guessing a valid reference is hopeless, and
the check character (Luhn mod N) catches every single mistyped character and most swaps of neighbours before any
lookup.
"""

from __future__ import annotations

import re
import secrets

# 28 characters: Luhn mod N needs an even N to catch every single-character mistake.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXY"
BASE = len(ALPHABET)
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_reference() -> str:
    """A fresh reference in its stored (ungrouped) form."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def check_character(body: str) -> str:
    """The Luhn mod N check character for `body` (characters from ALPHABET)."""
    factor = 2
    total = 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // BASE + addend % BASE
    return ALPHABET[(BASE - total % BASE) % BASE]


def normalise(text: str) -> str:
    """What someone typed, as stored: any case, with or without spaces or hyphens."""
    return _SEPARATORS.sub("", text or "").upper()


def is_valid(text: str) -> bool:
    """True when `text` (typed in any form) is a well-formed reference with the right check character."""
    value = normalise(text)
    if len(value) != LENGTH or any(char not in ALPHABET for char in value):
        return False
    return check_character(value[:-1]) == value[-1]


def display(reference: str) -> str:
    """The grouped form people read: XXXX-XXXX-XXXX."""
    value = normalise(reference)
    return "-".join(value[i : i + 4] for i in range(0, len(value), 4))
