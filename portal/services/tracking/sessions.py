"""Case sessions (security check 10), on the portal's one server-side session mechanism (portal/core/sessions.py):
a victim's session opens exactly one report. Idle and absolute timeouts, and signing out, end the row, so a copied
cookie then opens nothing. The web layer keeps the token in a cookie limited to /track."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.core.sessions import Resolved, ServerSessions, timed_out
from portal.db import session
from portal.models import Report
from portal.models.tracking import TrackSession


def _expiry_reason(row: TrackSession, now: datetime) -> str | None:
    config = current_app.config
    return timed_out(
        row,
        now,
        idle_seconds=int(config["TRACK_IDLE_TIMEOUT_SECONDS"]),
        absolute_seconds=int(config["TRACK_ABSOLUTE_TIMEOUT_SECONDS"]),
    )


SESSIONS = ServerSessions(TrackSession, _expiry_reason)


def start(report: Report) -> tuple[TrackSession, str]:
    """A case session for `report` and the token that names it."""
    return SESSIONS.create(report_id=report.id)


def resolve(token: str | None) -> Resolved[TrackSession]:
    """The live case session `token` names; looking at it counts as activity."""
    resolved = SESSIONS.resolve(token)
    if resolved.row is not None:
        SESSIONS.touch(resolved.row)
    return resolved


def end(row: TrackSession, reason: str) -> None:
    SESSIONS.end(row, reason)


def report_of(row: TrackSession | None) -> Report | None:
    """The report a case session opens."""
    return session.get(Report, row.report_id) if row is not None else None
