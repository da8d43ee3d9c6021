"""The staff report page's timeline: everything that happened to the case, newest first, one entry per action.

One action writes several events: grading a new report writes the grading, the move from received to triaged and
what the victim is told; taking a case writes the assignment, the move to assigned and the victim's update. They
carry the same moment and the same member of staff (an action passes its moment to transitions.transition()), and
the timeline shows them as one entry: what was done, the status it moved the case to and what the victim was told,
each once. Events of the reporter or the system stand alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from portal.core.clock import aware
from portal.db import session
from portal.models import CaseEvent, Report, StaffUser
from portal.services.cases import events, states


@dataclass(frozen=True)
class Event:
    """One event as staff read it (the subject access bundle lists every one)."""

    event: CaseEvent
    label: str
    actor: str
    internal: bool


@dataclass(frozen=True)
class Entry:
    """One action on the timeline."""

    at: datetime
    label: str  # what was done: "Triage", "Triaged to Investigating", "Update to the victim"
    actor: str
    text: str | None  # the officer's own words (a reason, a note, the update sent)
    status_change: str | None = None  # "Received to Triaged", when the action moved the case as part of itself
    victim_told: list[str] = field(default_factory=list)  # what the action told the victim
    contact: list[str] = field(default_factory=list)  # how to tell the victim when no email went
    also: list[str] = field(default_factory=list)  # anything else the action wrote
    internal: bool = True  # nothing in it reached the victim
    kinds: tuple[str, ...] = ()


def history(report: Report) -> list[Event]:
    """Every event of the case, oldest first."""
    found = list(
        session.scalars(
            select(CaseEvent).where(CaseEvent.report_id == report.id).order_by(CaseEvent.created_at, CaseEvent.id)
        )
    )
    actor_ids = {e.actor_id for e in found if e.actor_id is not None}
    names = (
        dict(session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(actor_ids))).all())
        if actor_ids
        else {}
    )
    return [
        Event(
            event=event,
            label=_label(event),
            actor=names.get(event.actor_id, "Staff") if event.actor_id is not None else "Victim or system",
            internal=not event.public,
        )
        for event in found
    ]


def timeline(report: Report) -> list[Entry]:
    """The case's actions, newest first."""
    return [_entry(action) for action in reversed(actions(history(report)))]


def actions(events_in_order: list[Event]) -> list[list[Event]]:
    """The events in order, gathered into the actions that wrote them."""
    gathered: list[list[Event]] = []
    for item in events_in_order:
        if gathered and _same_action(gathered[-1][0].event, item.event):
            gathered[-1].append(item)
        else:
            gathered.append([item])
    return gathered


def _same_action(first: CaseEvent, event: CaseEvent) -> bool:
    return (
        first.actor_id is not None
        and event.actor_id == first.actor_id
        and aware(event.created_at) == aware(first.created_at)
    )


def _label(event: CaseEvent) -> str:
    if event.kind == events.STATUS and event.status_after:
        return f"{states.label(event.status_before or '')} to {states.label(event.status_after)}"
    return events.staff_label(event.kind)


def _entry(action: list[Event]) -> Entry:
    first = action[0]
    said = [first.event.text or ""]
    status_change, victim_told, contact, also = None, [], [], []
    for item in action[1:]:
        event, text = item.event, item.event.text or ""
        if event.kind == events.STATUS:
            status_change = item.label
        elif event.kind == events.PUBLIC_UPDATE:
            victim_told.append(text)
            continue
        elif event.kind == events.CONTACT_NEEDED:
            contact.append(text)
            continue
        # Words the action already said (the grading's reason again on the move it made) are shown once.
        if text and not any(text in earlier for earlier in said):
            also.append(text if event.kind == events.STATUS else f"{item.label}: {text}")
            said.append(text)
    return Entry(
        at=aware(first.event.created_at),
        label=first.label,
        actor=first.actor,
        text=first.event.text,
        status_change=status_change,
        victim_told=victim_told,
        contact=contact,
        also=also,
        internal=all(item.internal for item in action),
        kinds=tuple(item.event.kind for item in action),
    )
