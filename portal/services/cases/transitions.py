"""Case history and case handling. A report's status changes only through `transition()`, which checks the allowed-
transitions table (portal/services/case_states.py) and appends a "status" CaseEvent with who, when and why.

Victim-visible changes go out through `public_update()`'s mechanism: a public event the victim's case page shows, an
email through the outbox when email is safe, and a reset of the Victims' Code update clock. Internal notes are never
public and never emailed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.core import clock
from portal.db import session
from portal.db_writes import insert_rows
from portal.models import CaseEvent, Report, StaffUser
from portal.services.cases import clocks as case_clock
from portal.services.cases import events, states
from portal.services.cases import notify as case_notify
from portal.services.cases.states import TransitionNotAllowed
from portal.services.reporting import references
from portal.services.staff import audit
from portal.services.staff import scope as staff_scope

RECEIVED = states.RECEIVED

__all__ = ["TransitionNotAllowed", "transition", "public_update", "internal_note", "assign", "flag_for_attention"]


def record_received(report: Report) -> None:
    """The first event of every report, written in the same transaction as the report itself (which is flushed)."""
    insert_rows(
        CaseEvent,
        [
            {
                "report_id": report.id,
                "kind": events.RECEIVED,
                "status_before": None,
                "status_after": RECEIVED,
                "public": True,
                "text": "We received your report.",
                "actor_id": None,
            }
        ],
    )


@dataclass(frozen=True)
class Result:
    event: CaseEvent
    delivery: case_notify.Delivery | None = None  # how the victim was (or must be) told, for public changes


def transition(
    report: Report,
    to: str,
    *,
    by: StaffUser | None,
    reason: str,
    outcome: str | None = None,
    public: bool = True,
    message: str | None = None,
    commit: bool = True,
    at: datetime | None = None,
) -> Result:
    """Move `report` to status `to`. Raises TransitionNotAllowed for a move the table refuses, a close or referral
    without a matching outcome, an outcome on any other move, or a missing reason. An action that moves the case as
    part of itself (grading, assigning) passes its moment as `at`: its events share it, and the timeline one entry."""
    before = report.status
    if not states.is_allowed(before, to):
        raise TransitionNotAllowed(f"A case cannot go from {states.label(before)} to {states.label(to)}")
    if not (reason or "").strip():
        raise TransitionNotAllowed("Give a reason for the change")
    chosen = states.OUTCOMES.get(outcome or "")
    if to in (states.CLOSED_STATUS, states.REFERRED):
        if chosen is None or chosen.status != to:
            raise TransitionNotAllowed(f"Choose an outcome to mark the case {states.label(to).lower()}")
    elif outcome:
        raise TransitionNotAllowed("Only closing or referring a case has an outcome")
    now = at or clock.now()
    report.status = to
    event = CaseEvent(
        report_id=report.id,
        kind=events.STATUS,
        status_before=before,
        status_after=to,
        public=False,  # the officer's reason is for staff; the victim is told in plain English below
        text=reason.strip() + (f" Outcome: {chosen.label}." if chosen else ""),
        actor_id=by.id if by else None,
        created_at=now,
    )
    session.add(event)
    if to == states.TRIAGED:
        case_clock.start(report, now)
    if chosen is not None:
        report.outcome, report.closed_at = chosen.code, now
        if chosen.right6:
            case_clock.owe_notification(report, now)
    elif to == states.REOPENED:
        report.outcome, report.closed_at = None, None
        case_clock.start(report, now)
    delivery = None
    if public:
        explanation = chosen.explanation if chosen else states.status(to).explanation
        text = explanation + (f"\n\n{message.strip()}" if message and message.strip() else "")
        delivery = _tell_victim(report, text, by, now)[0]
    if chosen is not None:
        case_clock.stop(report)
    if commit:
        session.commit()
        audit.record_report(by, "report.status_changed", report, f"to={report.status} outcome={report.outcome or ''}")
    return Result(event=event, delivery=delivery)


def public_update(report: Report, text: str, by: StaffUser | None) -> Result:
    """An update the victim sees on their case page and receives by their safe channel. Resets the update clock."""
    if not (text or "").strip():
        raise ValueError("an update needs text")
    now = clock.now()
    delivery, event = _tell_victim(report, text.strip(), by, now)
    session.commit()
    audit.record_report(by, "report.public_update", report, "emailed" if delivery.emailed else None)
    return Result(event=event, delivery=delivery)


def internal_note(report: Report, text: str, by: StaffUser | None) -> CaseEvent:
    """A note for staff only: never public, never emailed."""
    if not (text or "").strip():
        raise ValueError("a note needs text")
    event = CaseEvent(report_id=report.id, kind=events.INTERNAL_NOTE, public=False, text=text.strip(), actor_id=_id(by))
    session.add(event)
    session.commit()
    audit.record_report(by, "report.internal_note", report)
    return event


def assign(report: Report, officer: StaffUser, by: StaffUser | None, reason: str | None = None) -> Result:
    """Give the case to a named officer (the same officer from start to finish where possible). The officer must be
    able to see the report's ward; a triaged or reopened case moves to assigned, telling the victim who has it."""
    if not officer.active or not staff_scope.can_see_ward(officer, report.ward_id):
        raise TransitionNotAllowed("Choose an officer who covers this report's ward")
    now = clock.now()
    previous = report.assigned_to
    report.assigned_to, report.assigned_to_id, report.assigned_at = officer, officer.id, now
    text = f"Assigned to {officer.name}" + (f" (was {previous.name})" if previous else "") + "."
    if reason and reason.strip():
        text += f" {reason.strip()}"
    event = CaseEvent(
        report_id=report.id, kind=events.ASSIGNED, public=False, text=text, actor_id=_id(by), created_at=now
    )
    session.add(event)
    delivery = None
    if report.status in (states.TRIAGED, states.REOPENED):
        result = transition(report, states.ASSIGNED, by=by, reason=text, public=False, commit=False, at=now)
        delivery = result.delivery
    if report.status not in (states.CLOSED_STATUS, states.REFERRED):
        # The named officer is part of what the victim is told (Victims' Code Right 3).
        delivery = _tell_victim(report, f"{officer.name} is now the officer in charge of your case.", by, now)[0]
    session.commit()
    audit.record_report(by, "report.assigned", report, f"officer={officer.id}")
    return Result(event=event, delivery=delivery)


def take(report: Report, by: StaffUser) -> Result:
    """The officer takes the case themselves."""
    return assign(report, by, by, "Took the case.")


def flag_for_attention(report: Report, reason: str) -> None:
    """Mark the report for an officer's eye (new information from the victim, say). Joins the caller's transaction."""
    report.needs_attention = True
    report.attention_reason = reason[:200]


def clear_attention(report: Report, by: StaffUser) -> CaseEvent:
    event = CaseEvent(
        report_id=report.id,
        kind=events.ATTENTION_CLEARED,
        public=False,
        text=f"Marked as seen: {report.attention_reason or 'flagged for attention'}.",
        actor_id=by.id,
    )
    report.needs_attention, report.attention_reason = False, None
    session.add(event)
    session.commit()
    audit.record_report(by, "report.attention_cleared", report)
    return event


def set_update_interval(report: Report, days: int, by: StaffUser) -> CaseEvent:
    """Change how often the victim is updated (agreed with them, Right 6)."""
    case_clock.set_interval(report, days, clock.now())
    event = CaseEvent(
        report_id=report.id,
        kind=events.UPDATE_INTERVAL,
        public=False,
        text=f"Updates every {days} days.",
        actor_id=by.id,
    )
    session.add(event)
    session.commit()
    audit.record_report(by, "report.update_interval", report, f"days={days}")
    return event


def _tell_victim(
    report: Report, text: str, by: StaffUser | None, now: datetime
) -> tuple[case_notify.Delivery, CaseEvent]:
    event = CaseEvent(
        report_id=report.id, kind=events.PUBLIC_UPDATE, public=True, text=text, actor_id=_id(by), created_at=now
    )
    session.add(event)
    subject = f"An update on your report {references.display(report.reference)}"
    delivery = case_notify.deliver(report, subject, text)
    if delivery.instruction:
        session.add(
            CaseEvent(
                report_id=report.id,
                kind=events.CONTACT_NEEDED,
                public=False,
                text=delivery.instruction,
                actor_id=_id(by),
                created_at=now,
            )
        )
    case_clock.reset(report, now)
    return delivery, event


def _id(staff: StaffUser | None) -> int | None:
    return staff.id if staff is not None else None
