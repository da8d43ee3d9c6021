"""A victim's way into their own case: single-use sign-in tokens sent by email, and the case session they open.

Only SHA-256 digests of tokens are stored, so a copy of these tables cannot be replayed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class TrackSignInToken(Base):
    __tablename__ = "track_sign_in_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    # Set once, by a conditional UPDATE: a link signs someone in only once.
    used_at: Mapped[datetime | None]


class TrackSession(Base):
    """A case session: the browser holds a random token, scoped to exactly one report."""

    __tablename__ = "track_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_seen_at: Mapped[datetime] = mapped_column(default=now)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(20))
