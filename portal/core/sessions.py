"""Server-side sessions: the one mechanism behind staff sign-in and victims' case sessions (security checks 5-7, 10).

The browser holds a random token in a cookie; the database holds a row named by the token's digest. A row lives
until it is ended (signing out, replaced at sign-in, an account disabled) or until a timeout decides it is over, and a
copied cookie then finds nothing. Each kind of session brings its own table and its own rules (`expiry`): staff end
after 30 idle minutes or 12 hours, a victim's case session after 30 idle minutes or 4 hours, and so on.

Nothing here reads a request: the web layer (portal/web/sessions.py) carries tokens to and from cookies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select

from portal.core import clock, tokens
from portal.db import session


class SessionRow(Protocol):
    token_hash: str
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    ended_reason: str | None


Row = TypeVar("Row", bound=SessionRow)


@dataclass(frozen=True)
class Resolved(Generic[Row]):
    """What a token turned out to name: a live session, or why the one it named has just ended (or neither)."""

    row: Row | None
    ended_reason: str | None = None


def timed_out(row: SessionRow, now: datetime, *, idle_seconds: int, absolute_seconds: int) -> str | None:
    """ "idle" or "absolute" when the session has run past either limit, else None."""
    if now - clock.aware(row.created_at) >= timedelta(seconds=absolute_seconds):
        return "absolute"
    if now - clock.aware(row.last_seen_at) >= timedelta(seconds=idle_seconds):
        return "idle"
    return None


class ServerSessions(Generic[Row]):
    """Sessions stored as rows of `model`; `expiry(row, now)` names the reason a live row must end now, if any."""

    def __init__(self, model: type[Row], expiry: Callable[[Row, datetime], str | None]) -> None:
        self.model = model
        self.expiry = expiry

    def create(self, **columns: Any) -> tuple[Row, str]:
        """A new session row and the token that names it (only its digest is stored). Commits."""
        token, digest = tokens.new_token()
        now = clock.now()
        row = self.model(token_hash=digest, created_at=now, last_seen_at=now, **columns)
        session.add(row)
        session.commit()
        return row, token

    def resolve(self, token: str | None) -> Resolved[Row]:
        """The live session `token` names. A session past its rules is ended here, and the reason given back."""
        if not tokens.plausible(token):
            return Resolved(None)
        model: Any = self.model
        row = session.scalars(
            select(model).where(model.token_hash == tokens.digest(token or ""), model.ended_at.is_(None))
        ).first()
        if row is None:
            return Resolved(None)
        reason = self.expiry(row, clock.now())
        if reason:
            self.end(row, reason)
            return Resolved(None, reason)
        return Resolved(row)

    def touch(self, row: Row) -> None:
        """Activity: restart the idle timer. Commits."""
        row.last_seen_at = clock.now()
        session.commit()

    @staticmethod
    def end(row: Row, reason: str) -> None:
        """End one session now. Commits."""
        row.ended_at, row.ended_reason = clock.now(), reason
        session.commit()
