"""Checking the triage queue's kept counts (portal/models/report_count.py) against a recount of the reports."""

from __future__ import annotations

from typing import Any

from portal.db import session
from portal.models import report_count


def differences() -> dict[Any, tuple[int, int]]:
    """Every count that differs from a recount: key → (kept, recounted)."""
    return report_count.differences(session.connection())


def rebuild() -> None:
    """Rebuild every count from the reports. Commits."""
    report_count.recount(session.connection())
    session.commit()
