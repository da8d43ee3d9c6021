"""The version of everything the public pages show: one row, given a new random value by every change to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class PublicContentVersion(Base):
    __tablename__ = "public_content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, not a counter: a process compares it only for equality, and a value can never come back (a counter
    # could, were the row ever lost and made again) while some process still holds a page rendered under it.
    version: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(default=now)
