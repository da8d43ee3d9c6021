"""What the victim's case page shows: status in plain English, the named officer, what happens next, when the next
update is due, and the timeline of public events (never internal notes), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.core.clock import aware
from portal.db import session
from portal.models import CaseEvent, Evidence, Report
from portal.services.cases import clocks as case_clock
from portal.services.cases import events
from portal.services.cases import states as case_states
from portal.services.evidence import access as evidence_access
from portal.services.evidence import records as evidence_records
from portal.services.reporting import references
from portal.services.tracking import sensitivity

NEXT_STEPS: dict[str, str] = {
    case_states.OPEN: "An officer is dealing with your report. We will update you by the date shown, or sooner if "
    "something important happens, such as an arrest or a decision about your case.",
    case_states.CLOSED: "Your case is closed. If you have new information, add it here and an officer will look at "
    "your case again.",
    case_states.RESOLVED: "Your case is resolved. If anything else happens, add it here or report it again.",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    heading: str
    text: str | None
    event_id: int
    # Something the victim sent or asked for, which has a page of its own.
    own: bool


@dataclass(frozen=True)
class Officer:
    name: str
    email: str | None


@dataclass(frozen=True)
class CaseView:
    report: Report
    reference: str
    report_type_name: str
    status_label: str
    status_explanation: str
    group: str
    next_steps: str
    officer: Officer | None
    next_update_due: date | None
    timeline: list[TimelineEntry]
    sensitive: bool
    files: list[Evidence]


def build(report: Report) -> CaseView:
    outcome = case_states.OUTCOMES.get(report.outcome or "")
    state = case_states.STATUSES.get(report.status)
    group = case_states.group(report.status, report.outcome)
    explanation = outcome.explanation if outcome else (state.explanation if state else "")
    return CaseView(
        report=report,
        reference=references.display(report.reference),
        report_type_name=sensitivity.type_name(report),
        status_label=outcome.label if outcome else case_states.label(report.status),
        status_explanation=explanation,
        group=group,
        next_steps=NEXT_STEPS[group],
        officer=officer(report),
        next_update_due=next_update_due(report) if group == case_states.OPEN else None,
        timeline=timeline(report),
        sensitive=sensitivity.is_sensitive(report),
        files=own_files(report),
    )


def own_files(report: Report) -> list[Evidence]:
    """The files the victim sent (with the report or since): staff additions are internal, quarantined ones held."""
    return [evidence for evidence in evidence_records.for_report(report) if evidence_access.victim_may_see(evidence)]


def officer(report: Report) -> Officer | None:
    staff = report.assigned_to
    if staff is None or not staff.active:
        return None
    return Officer(name=staff.name, email=staff.email)


def next_update_due(report: Report) -> date:
    """The case's Victims' Code clock where triage has set it; otherwise the agreed (or standard) interval after the
    last public update, or after the report arrived."""
    if report.next_update_due is not None:
        return report.next_update_due
    interval = case_clock.interval(report)
    last = report.last_public_update_at or report.submitted_at
    return case_clock.next_update_due(aware(last), interval)


def public_events(report: Report) -> list[CaseEvent]:
    return list(
        session.scalars(
            select(CaseEvent)
            .where(CaseEvent.report_id == report.id, CaseEvent.public.is_(True))
            .order_by(CaseEvent.created_at.desc(), CaseEvent.id.desc())
        )
    )


def timeline(report: Report) -> list[TimelineEntry]:
    entries = []
    for event in public_events(report):
        heading = events.victim_heading(event.kind)
        text = event.text
        if event.kind == events.STATUS and event.status_after in case_states.STATUSES:
            heading = f"Your case is now: {case_states.label(event.status_after).lower()}"
            text = text or case_states.STATUSES[event.status_after].explanation
        own = event.kind in events.FROM_VICTIM
        entries.append(
            TimelineEntry(at=aware(event.created_at), heading=heading, text=text, event_id=event.id, own=own)
        )
    return entries
