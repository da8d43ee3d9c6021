"""Single-use sign-in tokens (security check 15): 256 random bits, stored only as a SHA-256 digest, valid for
TRACK_LINK_VALID_SECONDS, and redeemed by a conditional UPDATE so two clicks cannot both succeed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from portal.db import insert_rows, session
from portal.models import Report
from portal.models.tracking import TrackSignInToken
from portal.services.tracking import clock, settings

MAX_TOKEN_LENGTH = 100


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh random token and its digest."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def issue(report: Report) -> str:
    """Add a token for `report` to the current transaction (the caller commits) and return it."""
    token, token_hash = new_token()
    now = clock.now()
    seconds = int(settings.get("TRACK_LINK_VALID_SECONDS"))
    expires_at = now + timedelta(seconds=seconds)
    row = {"token_hash": token_hash, "report_id": report.id, "created_at": now, "expires_at": expires_at}
    insert_rows(TrackSignInToken, [row])
    return token


def is_usable(token: str) -> bool:
    """True when the token exists, is unused and has not expired (for the confirm page, which changes nothing)."""
    row = _row(token)
    return row is not None and row.used_at is None and clock.aware(row.expires_at) > clock.now()


def redeem(token: str) -> Report | None:
    """Use the token: the report it was issued for, or None when it is unknown, used or expired. Commits."""
    row = _row(token)
    now = clock.now()
    if row is None or row.used_at is not None or clock.aware(row.expires_at) <= now:
        return None
    claimed = session.execute(
        update(TrackSignInToken)
        .where(TrackSignInToken.id == row.id, TrackSignInToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if not claimed:
        return None
    return session.get(Report, row.report_id)


def _row(token: str) -> TrackSignInToken | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.scalar(select(TrackSignInToken).where(TrackSignInToken.token_hash == digest(token)))
