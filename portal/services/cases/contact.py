"""The victim's contact details as the staff report page shows them, once, where an update is written: how to reach
them, which channels they said are not safe, and how an update will reach them (emailed, or which safe channel the
officer must use). Read from the report's columns, which the victim can change from their case page."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import Report
from portal.services.cases import notify


@dataclass(frozen=True)
class Contact:
    anonymous: bool
    rows: list[tuple[str, str]]  # (what, value): name, email, phone, preferred channel, good times
    unsafe: list[str]  # the channels not to use, as words ("text message")
    emailed: bool  # an update is emailed to them
    how: str  # how an update reaches them, in one sentence for the officer


def _channel(code: str) -> str:
    return notify.CHANNEL_LABELS.get(code, code)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def contact(report: Report) -> Contact:
    unsafe = [_channel(code) for code in report.unsafe_channels or []]
    emailed = notify.can_email(report)
    how = "Emailed to them." if emailed else notify.instruction(report)
    if report.anonymous:
        return Contact(anonymous=True, rows=[], unsafe=unsafe, emailed=False, how=how)
    given = [
        ("Name", report.reporter_name),
        ("Email", report.reporter_email),
        ("Phone", report.reporter_phone),
        ("Prefers", _capital(_channel(report.preferred_contact)) if report.preferred_contact else None),
        ("Good times", report.contact_times),
    ]
    rows = [(what, value or "Not given") for what, value in given]
    return Contact(anonymous=False, rows=rows, unsafe=unsafe, emailed=emailed, how=how)
