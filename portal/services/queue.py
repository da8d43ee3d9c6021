"""The triage queue: reports in the viewer's scope, filtered, most urgent first, a page at a time.

Order is (urgency, submitted_at, id), all ascending, so a page continues from the last row seen (keyset pagination):
with the report_queue indexes each page costs the same however many reports there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true, tuple_
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.models import Report, StaffUser, Ward
from portal.services import case_states as states
from portal.services import clock
from portal.services.case_clock import aware
from portal.services.staff import permissions

PAGE_SIZE = 50
ALL = "all"
OPEN = "open"


@dataclass(frozen=True)
class Filters:
    status: str = states.RECEIVED  # a status code, "open" or "all"
    report_type: str = ""
    ward_id: int | None = None
    grading: str = ""  # a grading code or "ungraded"
    assigned: str = ""  # "me", "unassigned" or ""
    overdue: bool = False
    flagged: bool = False

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that reproduce these filters (for links, pagination and export)."""
        args = {
            "status": self.status,
            "type": self.report_type,
            "ward": str(self.ward_id or ""),
            "grading": self.grading,
            "assigned": self.assigned,
            "overdue": "yes" if self.overdue else "",
            "flagged": "yes" if self.flagged else "",
        }
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class Cursor:
    urgency: int
    submitted_at: datetime
    id: int

    def encode(self) -> str:
        moment = aware(self.submitted_at).astimezone(UTC).replace(tzinfo=None)
        return f"{self.urgency}_{moment.isoformat(timespec='microseconds')}_{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        try:
            urgency, stamp, report_id = (text or "").split("_")
            return cls(int(urgency), datetime.fromisoformat(stamp).replace(tzinfo=UTC), int(report_id))
        except ValueError:
            return None


@dataclass
class QueuePage:
    reports: list[Report]
    next_cursor: str | None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def scope_condition(viewer: StaffUser) -> ColumnElement[bool]:
    """Reports `viewer` may see: their wards or boroughs, and (for anyone) the reports assigned to them."""
    return or_(permissions.ward_scope_condition(viewer, Report.ward_id), Report.assigned_to_id == viewer.id)


def can_view(viewer: StaffUser, report: Report) -> bool:
    return report.assigned_to_id == viewer.id or permissions.can_see_ward(viewer, report.ward_id)


def _status_condition(status: str) -> ColumnElement[bool]:
    if status == ALL:
        return true()
    if status == OPEN:
        return Report.status.in_(states.open_statuses())
    return Report.status == status if status in states.STATUSES else false()


def _conditions(viewer: StaffUser, filters: Filters, now: datetime, *, status: bool = True) -> list[ColumnElement]:
    conditions: list[ColumnElement] = [scope_condition(viewer)]
    if status:
        conditions.append(_status_condition(filters.status))
    if filters.report_type:
        conditions.append(Report.report_type == filters.report_type)
    if filters.ward_id:
        conditions.append(Report.ward_id == filters.ward_id)
    if filters.grading == "ungraded":
        conditions.append(Report.grading.is_(None))
    elif filters.grading:
        conditions.append(Report.grading == filters.grading)
    if filters.assigned == "me":
        conditions.append(Report.assigned_to_id == viewer.id)
    elif filters.assigned == "unassigned":
        conditions.append(Report.assigned_to_id.is_(None))
    if filters.overdue:
        conditions.append(overdue_condition(now))
    if filters.flagged:
        conditions.append(Report.needs_attention.is_(True))
    return conditions


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    today = clock.london_date(now)
    return or_(Report.next_update_due < today, Report.notify_by < today)


def filtered(viewer: StaffUser, filters: Filters, now: datetime) -> Select[tuple[Report]]:
    return (
        select(Report)
        .where(*_conditions(viewer, filters, now))
        .order_by(Report.urgency, Report.submitted_at, Report.id)
    )


def page(
    viewer: StaffUser, filters: Filters, now: datetime, after: str | None = None, size: int = PAGE_SIZE
) -> QueuePage:
    query = (
        filtered(viewer, filters, now).options(joinedload(Report.ward), joinedload(Report.assigned_to)).limit(size + 1)
    )
    cursor = Cursor.decode(after)
    if cursor is not None:
        query = query.where(
            tuple_(Report.urgency, Report.submitted_at, Report.id)
            > tuple_(cursor.urgency, cursor.submitted_at, cursor.id)
        )
    reports = list(session.scalars(query).unique())
    next_cursor = None
    if len(reports) > size:
        last = reports[size - 1]
        next_cursor = Cursor(last.urgency, last.submitted_at, last.id).encode()
    return QueuePage(reports=reports[:size], next_cursor=next_cursor, counts=counts(viewer, filters, now))


def counts(viewer: StaffUser, filters: Filters, now: datetime) -> dict[str, dict[str, int]]:
    """How many reports each filter option would show: statuses within the scope and the other filters; every other
    option within the scope and the chosen status (so the numbers add up to what the status shows)."""
    within_status = [scope_condition(viewer), _status_condition(filters.status)]
    result: dict[str, dict[str, int]] = {
        "status": _grouped(Report.status, _conditions(viewer, filters, now, status=False)),
        "type": _grouped(Report.report_type, within_status),
        "grading": _grouped(func.coalesce(Report.grading, "ungraded"), within_status),
        "ward": {str(k): v for k, v in _grouped(Report.ward_id, within_status).items()},
    }
    result["status"][OPEN] = sum(v for k, v in result["status"].items() if k in states.open_statuses())
    result["status"][ALL] = sum(v for k, v in result["status"].items() if k in states.STATUSES)
    result["assigned"] = {
        "me": _count([*within_status, Report.assigned_to_id == viewer.id]),
        "unassigned": _count([*within_status, Report.assigned_to_id.is_(None)]),
    }
    result["overdue"] = {"yes": _count([*within_status, overdue_condition(now)])}
    result["flagged"] = {"yes": _count([*within_status, Report.needs_attention.is_(True)])}
    return result


def _grouped(column: ColumnElement, conditions: list[ColumnElement]) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(*conditions).group_by(column))
    return {str(key): int(count) for key, count in rows if key is not None}


def _count(conditions: list[ColumnElement]) -> int:
    return int(session.scalar(select(func.count()).select_from(Report).where(and_(*conditions))) or 0)


def wards_in_scope(viewer: StaffUser) -> list[Ward]:
    ids = permissions.ward_ids_in_scope(viewer)
    query = select(Ward).where(Ward.retired_at.is_(None)).order_by(Ward.name)
    if ids is not None:
        query = query.where(Ward.id.in_(ids or [-1]))
    return list(session.scalars(query))


def export_rows(viewer: StaffUser, filters: Filters, now: datetime) -> Iterator[Report]:
    """Every report the filters match, in queue order, streamed in batches."""
    query = filtered(viewer, filters, now).options(joinedload(Report.ward), joinedload(Report.assigned_to))
    yield from session.scalars(query.execution_options(yield_per=500))


def with_status(filters: Filters, status: str) -> Filters:
    return replace(filters, status=status)
