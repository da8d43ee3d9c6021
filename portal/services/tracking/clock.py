"""The time as tracking sees it. Tests replace `now` to move past a link's expiry or a session's idle timeout."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
