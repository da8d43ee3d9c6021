"""One event of the victim's own case, by id: only public events of that case; anything else is "not found"."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import CaseEvent, Report
from portal.services.cases import events


def message_for(report: Report, event_id: int) -> CaseEvent | None:
    return session.scalar(
        select(CaseEvent).where(
            CaseEvent.id == event_id,
            CaseEvent.report_id == report.id,
            CaseEvent.public.is_(True),
            CaseEvent.kind.in_(events.FROM_VICTIM),
        )
    )


def victim_requests(report: Report) -> list[CaseEvent]:
    """What the victim has asked for or sent, newest first: for the officer's view of the case."""
    return list(
        session.scalars(
            select(CaseEvent)
            .where(CaseEvent.report_id == report.id, CaseEvent.kind.in_(events.FROM_VICTIM))
            .order_by(CaseEvent.created_at.desc(), CaseEvent.id.desc())
        )
    )
