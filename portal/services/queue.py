"""The triage queue: reports in the viewer's scope, filtered, most urgent first, a page at a time.

Order is (urgency, submitted_at, id), all ascending, so a page continues from the last row seen (keyset pagination):
with the report_queue indexes each page costs the same however many reports there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from flask import g, has_app_context
from sqlalchemy import ColumnElement, Select, case, false, func, or_, select, true, tuple_, union
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.forms.report_types import REPORT_TYPES
from portal.models import Report, StaffUser, Ward
from portal.services import case_states as states
from portal.services import clock, triage
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
    """Reports `viewer` may see: their wards or boroughs, and (for anyone) the reports assigned to them.

    A plain `ward OR assigned` makes SQLite scan the whole table, so the assigned reports are added only when the
    viewer has some outside their wards (rare), and then as a union of two index lookups."""
    if viewer.role.scope == permissions.SCOPE_ALL:
        return true()
    # The ward ids themselves, not a subquery: PostgreSQL then plans with the actual wards (and their statistics).
    in_wards = Report.ward_id.in_(sorted(permissions.ward_ids_in_scope(viewer) or set()))
    mine = Report.assigned_to_id == viewer.id
    key = f"queue_scope_extra_{viewer.id}"
    extra = g.get(key) if has_app_context() else None
    if extra is None:
        # Through the assigned_to_id index: the wards of the viewer's own cases, compared in Python.
        wards = permissions.ward_ids_in_scope(viewer) or set()
        extra = any(w not in wards for w in session.scalars(select(Report.ward_id).where(mine).distinct()))
        if has_app_context():
            setattr(g, key, extra)
    if not extra:
        return in_wards
    ids = union(select(Report.id).where(in_wards), select(Report.id).where(mine))
    return Report.id.in_(select(ids.subquery().c.id))


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
    if filters.grading:
        conditions.append(Report.urgency.in_(grading_urgencies(filters.grading)))
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
    # First the page's ids, in order: read from the queue index alone, so sorting a borough's worth of matches never
    # touches the table. Then the rows themselves, by primary key.
    keys = select(Report.id).where(*_conditions(viewer, filters, now))
    cursor = Cursor.decode(after)
    if cursor is not None:
        keys = keys.where(
            tuple_(Report.urgency, Report.submitted_at, Report.id)
            > tuple_(cursor.urgency, cursor.submitted_at, cursor.id)
        )
    ids = list(session.scalars(keys.order_by(Report.urgency, Report.submitted_at, Report.id).limit(size + 1)))
    rows = session.scalars(
        select(Report).where(Report.id.in_(ids)).options(joinedload(Report.ward), joinedload(Report.assigned_to))
    ).unique()
    by_id = {report.id: report for report in rows}
    reports = [by_id[report_id] for report_id in ids]
    next_cursor = None
    if len(reports) > size:
        last = reports[size - 1]
        next_cursor = Cursor(last.urgency, last.submitted_at, last.id).encode()
    return QueuePage(reports=reports[:size], next_cursor=next_cursor, counts=counts(viewer, filters, now))


def grading_urgencies(grading: str) -> list[int]:
    """The urgency values of a grading (vulnerable or not): filtering on urgency keeps to the queue's index."""
    rank = triage.GRADINGS[grading].rank if grading in triage.GRADINGS else 0
    return [rank * 2, rank * 2 + 1]


def counts(viewer: StaffUser, filters: Filters, now: datetime) -> dict[str, dict[str, int]]:
    """How many reports each filter option would show: statuses within the scope; every other option within the
    scope and the chosen status. Three queries, each answered from an index alone (ix_report_queue_ward for
    status, grading and ward; ix_report_queue_counts for the rest, in one pass), so their cost follows the size of
    the viewer's scope, never the size of the table."""
    scope = scope_condition(viewer)
    within_status = [scope, _status_condition(filters.status)]
    statuses = _grouped(Report.status, [scope])
    statuses[OPEN] = sum(v for k, v in statuses.items() if k in states.open_statuses())
    statuses[ALL] = sum(v for k, v in statuses.items() if k in states.STATUSES)
    by_urgency = _grouped(Report.urgency, within_status)
    gradings = {
        code: sum(by_urgency.get(str(u), 0) for u in grading_urgencies(code)) for code in [*triage.GRADINGS, "ungraded"]
    }
    flags = {
        "type": {slug: Report.report_type == slug for slug in REPORT_TYPES},
        "assigned": {"me": Report.assigned_to_id == viewer.id, "unassigned": Report.assigned_to_id.is_(None)},
        "overdue": {"yes": overdue_condition(now)},
        "flagged": {"yes": Report.needs_attention.is_(True)},
    }
    columns = [func.sum(case((condition, 1), else_=0)) for group in flags.values() for condition in group.values()]
    totals = iter(session.execute(select(*columns).where(*within_status)).one())
    result = {name: {key: int(next(totals) or 0) for key in group} for name, group in flags.items()}
    return {
        "status": statuses,
        "grading": {code: n for code, n in gradings.items() if n},
        "ward": _grouped(Report.ward_id, within_status),
        **result,
    }


def count_label(count: int) -> str:
    return f"{count:,}"


def _grouped(column: ColumnElement, conditions: list[ColumnElement]) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(*conditions).group_by(column))
    return {str(key): int(count) for key, count in rows if key is not None}


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
