"""Staff authenticator secrets, encrypted at rest (AES-256-GCM) with a key from the environment.

TOTP_ENCRYPTION_KEYS lists keys as `id:base64-key` separated by commas, the first being the one new secrets are
sealed with. Each secret is stored with the id of its key, so keys can rotate: add a new key first in the list, run
`flask --app portal staff rotate-totp-key` to seal every secret with it, then drop the old key. The account's id is
bound to its ciphertext (associated data), so a secret copied onto another account does not open.

A copy of the database alone gives no one a working second factor.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import or_, select

from portal.db import session
from portal.models.staff import StaffUser

NONCE_BYTES = 12


class TotpKeyError(RuntimeError):
    """The configured keys are missing or malformed, or a secret's key is no longer configured."""


def parse_keys(text: str | None) -> dict[str, bytes]:
    """'id:base64,id2:base64' → {id: 32-byte key}, in order (the first is current)."""
    keys: dict[str, bytes] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key_id, _, encoded = item.strip().partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise TotpKeyError(f"TOTP_ENCRYPTION_KEYS: key {key_id!r} is not base64") from None
        if not key_id or len(key) != 32:
            raise TotpKeyError(f"TOTP_ENCRYPTION_KEYS: key {key_id!r} must be 32 bytes, base64-encoded")
        keys[key_id] = key
    return keys


def new_key_text(key_id: str) -> str:
    """A fresh key in the setting's format, for `id:...` entries."""
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def _keys() -> dict[str, bytes]:
    keys = parse_keys(current_app.config["TOTP_ENCRYPTION_KEYS"])
    if not keys:
        raise TotpKeyError("TOTP_ENCRYPTION_KEYS is not set")
    return keys


def _associated(staff_id: int | None) -> bytes:
    if staff_id is None:
        raise ValueError("flush the account first: its secret is bound to its id")
    return f"staff_user:{staff_id}:totp".encode()


def set_secret(staff: StaffUser, secret: str) -> None:
    """Seal `secret` (base32) for `staff` with the current key. The account must have its id."""
    key_id, key = next(iter(_keys().items()))
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), _associated(staff.id))
    staff.totp_secret = base64.b64encode(nonce + sealed).decode()
    staff.totp_key_id = key_id


def secret_of(staff: StaffUser) -> str:
    """The account's secret (base32), opened with the key it was sealed with."""
    return open_secret(staff.totp_secret, staff.totp_key_id, staff.id, _keys())


def open_secret(stored: str, key_id: str | None, staff_id: int | None, keys: dict[str, bytes]) -> str:
    """A stored secret opened with `keys` (from parse_keys): also for tools that read the table without the app."""
    if key_id is None:
        return stored  # stored before secrets were sealed: rotate-totp-key seals it
    key = keys.get(key_id)
    if key is None:
        raise TotpKeyError(f"the key {key_id!r} sealing an account's secret is not configured")
    raw = base64.b64decode(stored)
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(staff_id)).decode()
    except InvalidTag:
        raise TotpKeyError("an account's secret does not open with its key") from None


def rotate() -> int:
    """Seal every secret not already under the current key (including any stored in clear) with it. Commits;
    returns how many were sealed again."""
    current = next(iter(_keys()))
    accounts = session.scalars(
        select(StaffUser).where(or_(StaffUser.totp_key_id.is_(None), StaffUser.totp_key_id != current))
    ).all()
    for staff in accounts:
        set_secret(staff, secret_of(staff))
    session.commit()
    return len(accounts)
