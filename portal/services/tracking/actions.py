"""What the victim can do from their case page. Each action appends a CaseEvent the officer sees; new information
also flags the case in the queue and tells the assigned officer (without repeating the victim's words in email)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Report
from portal.models.evidence import BY_VICTIM
from portal.services.cases import clocks as case_clock
from portal.services.cases import events
from portal.services.cases import transitions as cases
from portal.services.evidence import records as evidence_records
from portal.services.front_counters import nearest
from portal.services.mail import compose, outbox
from portal.services.reporting import references

log = logging.getLogger(__name__)

NEW_INFORMATION = "New information from the victim"
NEW_REQUEST = "The victim asked to be contacted"
NEW_REFERRAL = "The victim consented to a support referral"


def _event(report: Report, kind: str, text: str | None, public: bool) -> CaseEvent:
    event = CaseEvent(report_id=report.id, kind=kind, public=public, text=text, actor_id=None, created_at=clock.now())
    session.add(event)
    return event


def _flag(report: Report, reason: str) -> None:
    """Put the case in front of an officer through the triage queue's own flag."""
    cases.flag_for_attention(report, reason)


def _tell_officer(report: Report, what: str) -> None:
    """Email the assigned officer that something arrived: the case and what kind of thing, never its content."""
    staff = report.assigned_to
    if staff is None or not staff.active:
        return
    reference = references.display(report.reference)
    body = compose.render(
        "track-officer-notice", officer=staff, what=what, reference=reference, staff_url=compose.public_url("/staff/")
    )
    outbox.enqueue("track-officer-notice", staff.email, f"{what}: report {reference}", body)


def add_information(report: Report, message: str, uploads: Iterable[evidence_records.Upload] = ()) -> list[str]:
    """The victim's message (and files): an event for the officer, a flag in the queue, and an email to them.
    Returns any messages about files that were refused (each names its file)."""
    _event(report, events.VICTIM_MESSAGE, message, public=True)
    _flag(report, NEW_INFORMATION)
    _tell_officer(report, NEW_INFORMATION)
    session.commit()
    problems = []
    files = [upload for upload in uploads if upload.filename]
    for upload in files:
        outcome = evidence_records.attach(report, upload, by=BY_VICTIM)
        if outcome.message:
            problems.append(outcome.message)
    log.info("victim added information to report %s (%s files)", report.id, len(files))
    return problems


CHANNEL_LABELS = {"email": "Email", "phone": "Phone call", "text": "Text message", "letter": "Letter", "visit": "Visit"}


def update_preferences(
    report: Report, preferred: str, times: str | None, unsafe: list[str], interval_days: int
) -> CaseEvent:
    """Change how and how often the victim is contacted. The change is recorded as a non-public event, so the
    officer can see what was asked and when."""
    report.preferred_contact = preferred
    report.contact_times = times or None
    report.unsafe_channels = [channel for channel in unsafe if channel != "none"]
    report.flag_contact_safety = bool(report.unsafe_channels)
    if interval_days != report.update_interval_days:
        if report.last_public_update_at is not None:
            # SQLite returns stored times without their zone; the clock arithmetic needs it.
            report.last_public_update_at = clock.aware(report.last_public_update_at)
        case_clock.set_interval(report, interval_days, clock.now())
    unsafe_text = ", ".join(CHANNEL_LABELS.get(c, c) for c in report.unsafe_channels) or "none"
    interval_text = f"every {interval_days} days"
    text = (
        f"Preferred contact: {CHANNEL_LABELS.get(preferred, preferred)}. Good times: {times or 'not given'}. "
        f"Not safe to use: {unsafe_text}. Updates: {interval_text}."
    )
    event = _event(report, events.CONTACT_PREFERENCES, text, public=False)
    session.commit()
    return event


@dataclass(frozen=True)
class Slot:
    day: date
    part_of_day: str


PARTS_OF_DAY = {
    "morning": "morning (8am to 12pm)",
    "afternoon": "afternoon (12pm to 5pm)",
    "evening": "evening (5pm to 8pm)",
}
REQUEST_KINDS = {
    "call-back": "a call back by phone",
    "appointment": "an appointment at a front counter",
}


def request_contact(report: Report, kind: str, slots: list[Slot], phone: str | None, note: str | None) -> CaseEvent:
    """A call back or an appointment in one of a few preferred slots: an event the officer answers with a public
    update, and a flag in the queue."""
    where = ""
    if kind == "appointment":
        # Not every borough has a front counter: name the nearest one we list, or say there is none to name.
        counters = nearest.near_ward(report.ward)
        where = f" (the nearest we list: {counters[0].name}, {counters[0].postcode})" if counters else " (none listed)"
    lines = [f"Asked for {REQUEST_KINDS[kind]}{where}.", "Preferred times:"]
    lines += [f"- {slot.day:%A %-d %B %Y}, {PARTS_OF_DAY[slot.part_of_day]}" for slot in slots]
    if phone:
        lines.append(f"Phone: {phone}")
    if note:
        lines.append(f"Note: {note}")
    event = _event(report, events.REQUEST, "\n".join(lines), public=True)
    _flag(report, NEW_REQUEST)
    _tell_officer(report, NEW_REQUEST)
    session.commit()
    return event


def record_support_referral(report: Report, services: list[str], labels: dict[str, str]) -> CaseEvent:
    """Right 4: the victim consents to a referral to these support services; the officer makes it."""
    names = ", ".join(labels[code] for code in services)
    event = _event(report, events.SUPPORT_REFERRAL, f"Consented to a referral to: {names}.", public=True)
    _flag(report, NEW_REFERRAL)
    session.commit()
    return event
