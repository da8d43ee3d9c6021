"""The time as staff services see it. Tests replace `now` to move through idle and absolute timeouts."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; everything we store is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
