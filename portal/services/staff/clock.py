"""The time as staff services see it. Tests replace `now` to move through idle and absolute timeouts."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.models.base import aware  # noqa: F401  (re-exported: callers import it from here)


def now() -> datetime:
    return datetime.now(UTC)
