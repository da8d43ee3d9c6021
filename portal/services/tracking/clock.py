"""The time as tracking sees it. Tests replace `now` to move past a link's expiry or a session's idle timeout."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.models.base import aware  # noqa: F401  (re-exported: callers import it from here)


def now() -> datetime:
    return datetime.now(UTC)
