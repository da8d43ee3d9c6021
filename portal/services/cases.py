"""Case history. Every status change of a report appends a CaseEvent; this module is the only place that does."""

from __future__ import annotations

from portal.db import session
from portal.models import CaseEvent, Report

RECEIVED = "received"


def record_received(report: Report) -> CaseEvent:
    """The first event of every report, written in the same transaction as the report itself."""
    event = CaseEvent(
        report_id=report.id,
        kind=RECEIVED,
        status_before=None,
        status_after=RECEIVED,
        public=True,
        text="We received your report.",
        actor_id=None,
    )
    session.add(event)
    return event
