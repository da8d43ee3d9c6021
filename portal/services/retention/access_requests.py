"""Subject access requests (Data Protection Act 2018 s.45): a person asks for a copy of the information held about
them. Staff record the request (the email address and/or phone number to search for, and the day it arrived), the
portal finds every record relating to them and builds a bundle for review; the answer is due within one month.

The deadline is the same date in the following month (the month's last day when it has no such date), moved to the
next working day when it falls on a weekend or bank holiday, as the ICO's guidance on the right of access counts it.
Every step is audited; the audit records name the request, never the person.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import StaffUser, SubjectAccessRequest
from portal.services.retention import access_search
from portal.services.staff import audit, permissions


class AccessRequestError(ValueError):
    """Why the request cannot be recorded or changed, in words for the member of staff."""


def due_date(received_on: date) -> date:
    year, month = (received_on.year + 1, 1) if received_on.month == 12 else (received_on.year, received_on.month + 1)
    due = date(year, month, min(received_on.day, calendar.monthrange(year, month)[1]))
    while not clock.is_working_day(due):
        due += timedelta(days=1)
    return due


@dataclass(frozen=True)
class Deadline:
    due_on: date
    working_days_left: int  # working days after today up to the due date (0 on the day and after it)
    overdue: bool


def deadline(request: SubjectAccessRequest, today: date | None = None) -> Deadline:
    today = today or clock.london_date(clock.now())
    return Deadline(request.due_on, clock.working_days_between(today, request.due_on), today > request.due_on)


def create(by: StaffUser, email: str | None, phone: str | None, received_on: date) -> SubjectAccessRequest:
    """Record a request. `email` and `phone` come normalised from the form (at least one). Commits."""
    if not email and not phone:
        raise AccessRequestError("Enter the email address or the phone number of the person asking")
    if received_on > clock.london_date(clock.now()):
        raise AccessRequestError("The date the request arrived must be today or in the past")
    request = SubjectAccessRequest(
        email=email.lower() if email else None,
        phone=phone or None,
        received_on=received_on,
        due_on=due_date(received_on),
        created_by_id=by.id,
        created_at=clock.now(),
    )
    session.add(request)
    session.commit()
    audit.record(by, "subject_access.created", "subject_access_request", request.id, detail=f"due {request.due_on}")
    return request


def all_requests() -> list[SubjectAccessRequest]:
    """Open requests by due date, then completed ones, newest first."""
    rows = session.scalars(select(SubjectAccessRequest))
    return sorted(rows, key=lambda r: (r.completed_at is not None, r.due_on if r.completed_at is None else -r.id))


def get(request_id: int) -> SubjectAccessRequest | None:
    return session.get(SubjectAccessRequest, request_id)


def search(by: StaffUser, request: SubjectAccessRequest) -> access_search.Found:
    """Everything held about the person, as `by` may be shown it (restricted reports only to information rights).
    Audited: the search is a look at their records."""
    found = access_search.find(request.email, request.phone, by.can(permissions.RECORDS_RESTRICTED))
    audit.record(by, "subject_access.searched", "subject_access_request", request.id, detail=found.summary())
    return found


def complete(by: StaffUser, request: SubjectAccessRequest) -> None:
    """The reviewed answer has been sent to the person. Commits."""
    if request.completed_at is not None:
        raise AccessRequestError("This request is already marked as answered")
    request.completed_at, request.completed_by_id = clock.now(), by.id
    session.commit()
    audit.record(by, "subject_access.completed", "subject_access_request", request.id)
