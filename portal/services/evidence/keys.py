"""The names stores keep evidence under: 128 random bits as hex, made by the store itself, never from a file's name."""

from __future__ import annotations

import re
import secrets

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


class UnknownKey(KeyError):
    """The key is not one a store could have made, or nothing is stored under it."""


def new_key() -> str:
    """128 random bits as hex: unguessable, and safe as a file or object name on any store."""
    return secrets.token_hex(16)
