"""Legal holds: a report (and everything attached to it) that the disposal job must leave alone, for example while
proceedings or a complaint are open. Placing and lifting a hold each need a reason, write an internal case event and
are audited. Lifting restarts the retention clock: the schedule's period counts again from then."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, LegalHold, Report, StaffUser
from portal.services.cases import events
from portal.services.staff import audit


class HoldError(ValueError):
    """Why a hold cannot be placed or lifted, in words for the member of staff."""


def active_hold(report: Report) -> LegalHold | None:
    return session.scalar(
        select(LegalHold).where(LegalHold.report_id == report.id, LegalHold.lifted_at.is_(None)).limit(1)
    )


def history(report: Report) -> list[LegalHold]:
    return list(session.scalars(select(LegalHold).where(LegalHold.report_id == report.id).order_by(LegalHold.id)))


def place(report: Report, by: StaffUser, reason: str) -> LegalHold:
    """Put the report on legal hold. Commits."""
    if not reason.strip():
        raise HoldError("Enter the reason for the legal hold")
    if active_hold(report) is not None:
        raise HoldError("This report is already on legal hold")
    now = clock.now()
    hold = LegalHold(report_id=report.id, reason=reason.strip(), placed_by_id=by.id, placed_at=now)
    session.add(hold)
    session.add(_event(report, events.LEGAL_HOLD, f"Legal hold placed: {reason.strip()}", by, now))
    session.commit()
    audit.record_report(by, "report.legal_hold_placed", report, f"hold {hold.id}")
    return hold


def lift(report: Report, by: StaffUser, reason: str) -> LegalHold:
    """Lift the report's hold; its retention clock starts again now. Commits."""
    hold = active_hold(report)
    if hold is None:
        raise HoldError("This report is not on legal hold")
    if not reason.strip():
        raise HoldError("Enter the reason for lifting the legal hold")
    now = clock.now()
    hold.lifted_at, hold.lifted_by_id, hold.lift_reason = now, by.id, reason.strip()
    report.retention_restarted_at = now
    session.add(_event(report, events.HOLD_LIFTED, f"Legal hold lifted: {reason.strip()}", by, now))
    session.commit()
    audit.record_report(by, "report.legal_hold_lifted", report, f"hold {hold.id}")
    return hold


def _event(report: Report, kind: str, text: str, by: StaffUser, now: object) -> CaseEvent:
    return CaseEvent(report_id=report.id, kind=kind, public=False, text=text, actor_id=by.id, created_at=now)
