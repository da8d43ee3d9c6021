"""The triage queue: reports in the viewer's scope, filtered, most urgent first, a page at a time.

Order is (urgency, submitted_at, id), all ascending, so a page continues from the last row seen (keyset pagination):
with the report_queue indexes each page costs the same however many reports there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true, tuple_, union_all
from sqlalchemy.orm import joinedload

from portal.core import clock
from portal.core.numbers import whole_number
from portal.db import session
from portal.models import Report, StaffUser, Ward
from portal.models.report_count import FORCE, KEY_COLUMNS, NO_WARD, TOTAL, WARD, ReportCount
from portal.report_types import REPORT_TYPES
from portal.services.cases import states, triage
from portal.services.cases.clocks import aware
from portal.services.cases.scope import Scope, not_restricted, scope_condition, scope_of
from portal.services.staff import scope as staff_scope

PAGE_SIZE = 50
ALL = "all"
OPEN = "open"
NOT_ALLOCATED = "none"  # the ward filter's value for reports with no known ward


@dataclass(frozen=True)
class Filters:
    status: str = states.RECEIVED  # a status code, "open" or "all"
    report_type: str = ""
    ward_id: int | None = None
    unallocated: bool = False  # only reports with no known ward
    grading: str = ""  # a grading code or "ungraded"
    assigned: str = ""  # "me", "unassigned" or ""
    overdue: bool = False
    flagged: bool = False

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that reproduce these filters (for links, pagination and export)."""
        args = {
            "status": self.status,
            "type": self.report_type,
            "ward": NOT_ALLOCATED if self.unallocated else str(self.ward_id or ""),
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
            urgency_text, stamp, id_text = (text or "").split("_")
            moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        except ValueError:
            return None
        # Numbers from a URL: ASCII digits that fit their columns, or no cursor at all (the top of the queue).
        urgency, report_id = whole_number(urgency_text), whole_number(id_text)
        return None if urgency is None or report_id is None else cls(urgency, moment, report_id)


@dataclass
class QueuePage:
    reports: list[Report]
    next_cursor: str | None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def _status_condition(status: str) -> ColumnElement[bool]:
    if status == ALL:
        return true()
    if status == OPEN:
        return Report.status.in_(states.open_statuses())
    return Report.status == status if status in states.STATUSES else false()


def _conditions(viewer: StaffUser, filters: Filters, now: datetime) -> list[ColumnElement]:
    """Every filter but the scope and the status."""
    conditions: list[ColumnElement] = []
    if filters.report_type:
        conditions.append(Report.report_type == filters.report_type)
    if filters.unallocated:
        conditions.append(Report.ward_id.is_(None))
    elif filters.ward_id:
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
    # The running clock adds nothing to the meaning, but it is the partial index's own condition (CLOCK_RUNNING), so
    # SQLite can read the queue's order from that index instead of passing over every report waiting for triage.
    clock_running = or_(Report.next_update_due.is_not(None), Report.notify_by.is_not(None))
    return and_(or_(Report.next_update_due < today, Report.notify_by < today), clock_running)


def filtered(viewer: StaffUser, filters: Filters, now: datetime) -> Select[tuple[Report]]:
    return (
        select(Report)
        .where(scope_condition(viewer), _status_condition(filters.status), *_conditions(viewer, filters, now))
        .order_by(Report.urgency, Report.submitted_at, Report.id)
    )


def page(
    viewer: StaffUser, filters: Filters, now: datetime, after: str | None = None, size: int = PAGE_SIZE
) -> QueuePage:
    # First the page's ids, in order, read from the queue's indexes alone; then the rows themselves, by primary key.
    # Each part of the scope (its wards, the reports with no ward) is read separately and the first pages merged.
    # Without a ward to start from (an administrator), each status chosen is read separately too, as one range of an
    # index already in queue order: with the statuses IN a list, PostgreSQL reads every open report to sort them.
    order = (Report.urgency, Report.submitted_at, Report.id)
    cursor = Cursor.decode(after)
    others = _conditions(viewer, filters, now)
    if cursor is not None:
        others.append(tuple_(*order) > tuple_(cursor.urgency, cursor.submitted_at, cursor.id))
    scope = scope_of(viewer)
    chosen = _statuses(filters.status)
    statuses = [Report.status == status for status in chosen] if scope.ward_ids is None else [Report.status.in_(chosen)]
    ranges = [
        select(*order).where(part, status, *others).order_by(*order).limit(size + 1).subquery()
        for part in scope.parts()
        for status in statuses
    ]
    ids: list[int] = []
    if chosen:
        merged = union_all(*(select(*subquery.c) for subquery in ranges)).subquery()
        first = select(merged.c.id).order_by(merged.c.urgency, merged.c.submitted_at, merged.c.id).limit(size + 1)
        ids = list(session.scalars(first))
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
    scope and the chosen status. Read from report_count (portal/models/report_count.py): a few hundred rows for a
    ward or a borough whatever the size of the table. "Update overdue" and "assigned to me" depend on the day and
    the viewer, so they are counted from the reports, each through an index that holds only what is counted."""
    scope = scope_of(viewer)
    chosen = _statuses(filters.status)
    areas = [] if scope.ward_ids is None else [ReportCount.area.in_(_areas(scope))]
    by_status = _summed(ReportCount.status, [ReportCount.level == TOTAL, *areas])
    by_ward = _summed(ReportCount.area, [ReportCount.level == TOTAL, ReportCount.status.in_(chosen), *areas])
    detail_level = FORCE if scope.ward_ids is None else WARD
    detail_columns = (ReportCount.report_type, ReportCount.urgency, ReportCount.unassigned, ReportCount.needs_attention)
    detail = session.execute(
        select(*detail_columns, func.sum(ReportCount.n))
        .where(ReportCount.level == detail_level, ReportCount.status.in_(chosen), *areas)
        .group_by(*detail_columns)
    ).all()
    if scope.elsewhere:  # the viewer's own cases outside their wards: few, read from the reports
        for ward_id, status, report_type, urgency, _officer, attention, _restricted in session.execute(
            select(*(getattr(Report, name) for name in KEY_COLUMNS)).where(scope.elsewhere_condition())
        ):
            by_status[status] = by_status.get(status, 0) + 1
            if status in chosen:
                by_ward[str(ward_id or NO_WARD)] = by_ward.get(str(ward_id or NO_WARD), 0) + 1
                detail.append((report_type, urgency, False, attention, 1))
    by_urgency: dict[int, int] = {}
    types = dict.fromkeys(REPORT_TYPES, 0)
    unassigned = flagged = 0
    for report_type, urgency, is_unassigned, attention, n in detail:
        by_urgency[urgency] = by_urgency.get(urgency, 0) + int(n)
        if report_type in types:
            types[report_type] += int(n)
        unassigned += int(n) if is_unassigned else 0
        flagged += int(n) if attention else 0
    statuses = {code: by_status.get(code, 0) for code in states.STATUSES if by_status.get(code)}
    statuses[OPEN] = sum(by_status.get(code, 0) for code in states.open_statuses())
    statuses[ALL] = sum(by_status.get(code, 0) for code in states.STATUSES)
    gradings = {
        code: sum(by_urgency.get(u, 0) for u in grading_urgencies(code)) for code in [*triage.GRADINGS, "ungraded"]
    }
    overdue, mine = _overdue_and_mine(viewer, scope, chosen, now)
    return {
        "status": statuses,
        "grading": {code: n for code, n in gradings.items() if n},
        "ward": {(NOT_ALLOCATED if area == str(NO_WARD) else area): n for area, n in by_ward.items() if n},
        "type": types,
        "assigned": {"me": mine, "unassigned": unassigned},
        "overdue": {"yes": overdue},
        "flagged": {"yes": flagged},
    }


def _overdue_and_mine(viewer: StaffUser, scope: Scope, chosen: list[str], now: datetime) -> tuple[int, int]:
    """Reports in scope and status with an update (or a Right 6 notification) overdue, and those assigned to the
    viewer, in one round trip. Overdue is counted per ward through the partial overdue indexes, as "update overdue"
    plus "notification overdue with the update not", so each report counts once; its cost follows the number of
    overdue reports in scope."""
    today = clock.london_date(now)
    in_status = Report.status.in_(chosen)
    update_overdue = Report.next_update_due < today
    notify_only = and_(Report.notify_by < today, or_(Report.next_update_due.is_(None), Report.next_update_due >= today))
    wards = scope.ward_ids if scope.ward_ids is not None else list(session.scalars(select(Ward.id)))
    parts: list[ColumnElement[bool]] = [Report.ward_id.in_(wards)] if wards else []
    if scope.unallocated:
        parts.append(Report.ward_id.is_(None))
    # Restricted reports are in the overdue indexes too: counted from their own small index and taken off.
    hidden = and_(Report.restricted == true(), or_(*parts, false()), or_(update_overdue, notify_only))
    if scope.elsewhere:
        parts.append(scope.elsewhere_condition())  # which leaves restricted reports out itself
    overdue = [
        select(func.count()).where(part, in_status, condition).scalar_subquery()
        for part in parts
        for condition in (update_overdue, notify_only)
    ]
    mine = select(func.count()).where(Report.assigned_to_id == viewer.id, in_status, not_restricted())
    restricted = select(func.count()).where(hidden, in_status).scalar_subquery()
    *overdue_counts, hidden_count, mine_count = session.execute(
        select(*overdue, restricted, mine.scalar_subquery())
    ).one()
    return sum(int(n or 0) for n in overdue_counts) - int(hidden_count or 0), int(mine_count or 0)


def _areas(scope: Scope) -> list[int]:
    """The report_count areas of a scope's wards (NO_WARD for the reports with none)."""
    return [*(scope.ward_ids or []), *([NO_WARD] if scope.unallocated else [])]


def _statuses(status: str) -> list[str]:
    if status == ALL:
        return list(states.STATUSES)
    if status == OPEN:
        return states.open_statuses()
    return [status] if status in states.STATUSES else []


def _summed(column: ColumnElement, conditions: list[ColumnElement]) -> dict[str, int]:
    rows = session.execute(select(column, func.sum(ReportCount.n)).where(*conditions).group_by(column))
    return {str(key): int(n) for key, n in rows}


def count_label(count: int) -> str:
    return f"{count:,}"


def wards_in_scope(viewer: StaffUser) -> list[Ward]:
    ids = staff_scope.ward_ids_in_scope(viewer)
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
