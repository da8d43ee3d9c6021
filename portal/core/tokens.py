"""Random tokens that name something (a session, a draft, a sign-in link) and the digests stored in their place.

A token is 256 random bits, URL-safe. Only its SHA-256 digest is stored, so a copy of the database cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

# Longer than any token we issue; anything longer is not ours and is not looked up.
MAX_LENGTH = 100


def new_token() -> tuple[str, str]:
    """A fresh token and its digest."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def plausible(token: str | None) -> bool:
    """Whether `token` could be one of ours (worth a lookup)."""
    return bool(token) and len(token or "") <= MAX_LENGTH


def keyed(value: str) -> str:
    """A digest of `value` keyed with SECRET_KEY: stored or compared in its place where the value itself must not be
    kept (a reference in the rate limiter's storage) or must be compared in constant time (an email address)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
