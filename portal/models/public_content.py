"""The version of everything the public pages show (one row, given a new random value by every change to it), and the
public pages rendered under it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class PublicContentVersion(Base):
    __tablename__ = "public_content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, not a counter: a process compares it only for equality, and a value can never come back (a counter
    # could, were the row ever lost and made again) while some process still holds a page rendered under it.
    version: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(default=now)


class RenderedPage(Base):
    """A public page as rendered under one version of the public content, shared by every process and machine."""

    __tablename__ = "rendered_page"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "ward E05013808", "rendered wards-a-to-z"
    version: Mapped[str] = mapped_column(String(64))  # the public content's version and the release's digest
    html: Mapped[str] = mapped_column(Text)
    # What the page needs besides its HTML when a response is made: a ward's name and reference point, for the
    # front counters swapped in.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rendered_at: Mapped[datetime] = mapped_column(default=now)
    # When the page changes by itself, whatever the version (a ward's next meeting starts); none: never.
    valid_until: Mapped[datetime | None]
