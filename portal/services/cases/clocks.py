"""The clocks on a case: the 24-hour recording clock, time on the queue, the Victims' Code update interval (reset by
every public update) and any Right 6 notification owed. Working days and London dates come from portal/core/clock.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app

from portal.core import clock
from portal.core.clock import aware
from portal.models import Report
from portal.services.cases import states

# National Crime Recording Standard: a reported crime is recorded within 24 hours of the report.
RECORDING_WINDOW = timedelta(hours=24)
# Victims' Code Right 6: told of key decisions within 5 working days, or 1 under enhanced rights.
NOTIFICATION_WORKING_DAYS = 5
ENHANCED_NOTIFICATION_WORKING_DAYS = 1


def recording_deadline(received_at: datetime) -> datetime:
    return received_at + RECORDING_WINDOW


def notification_due(event_at: datetime, enhanced: bool) -> date:
    """When the victim must be told of a Right 6 decision (arrest, charge, bail, decision not to investigate)."""
    days = ENHANCED_NOTIFICATION_WORKING_DAYS if enhanced else NOTIFICATION_WORKING_DAYS
    return clock.add_working_days(clock.london_date(event_at), days)


def next_update_due(last_update_at: datetime, interval_days: int) -> date:
    """The regular update agreed with the victim: `interval_days` calendar days after the last public update."""
    return clock.london_date(last_update_at) + timedelta(days=interval_days)


def interval(report: Report) -> int:
    return report.update_interval_days or int(current_app.config["CASE_UPDATE_INTERVAL_DAYS"])


def start(report: Report, at: datetime) -> None:
    """Start the update clock (at triage) if it is not already running."""
    if report.next_update_due is None:
        report.next_update_due = next_update_due(at, interval(report))


def reset(report: Report, at: datetime) -> None:
    """A public update has been given: the next is due one interval later, and any Right 6 notice is discharged."""
    report.last_public_update_at = at
    report.next_update_due = next_update_due(at, interval(report))
    report.notify_by = None


def owe_notification(report: Report, at: datetime) -> None:
    """A Right 6 decision was made at `at`: the victim must be told within 5 working days (1 if enhanced)."""
    report.notify_by = notification_due(at, report.enhanced_rights)


def stop(report: Report) -> None:
    """A closed case has no regular updates."""
    report.next_update_due = None


def set_interval(report: Report, days: int, now: datetime) -> None:
    report.update_interval_days = days
    if report.next_update_due is not None:
        report.next_update_due = next_update_due(aware(report.last_public_update_at or now), days)


@dataclass(frozen=True)
class Clocks:
    received_at: datetime
    on_queue_for: timedelta
    recording_deadline: datetime
    recording_overdue: bool
    recording_applies: bool  # only until the report is triaged
    interval_days: int
    next_update_due: date | None
    update_overdue: bool
    notify_by: date | None
    notify_overdue: bool


def clocks(report: Report, now: datetime) -> Clocks:
    submitted = aware(report.submitted_at)
    deadline = recording_deadline(submitted)
    return Clocks(
        received_at=submitted,
        on_queue_for=now - submitted,
        recording_deadline=deadline,
        recording_overdue=report.status == states.RECEIVED and now > deadline,
        recording_applies=report.status == states.RECEIVED,
        interval_days=interval(report),
        next_update_due=report.next_update_due,
        update_overdue=report.next_update_due is not None and clock.is_overdue(report.next_update_due, now),
        notify_by=report.notify_by,
        notify_overdue=report.notify_by is not None and clock.is_overdue(report.notify_by, now),
    )


def duration(delta: timedelta) -> str:
    """ "3 days 4 hours", "5 hours", "12 minutes": how long a report has waited."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
