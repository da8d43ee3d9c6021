"""The triage queue: reports in the viewer's scope, filtered and searched, in one of three orders, a page at a time.

A page continues from the last row seen (keyset pagination, portal/services/cases/sorting.py): with the report
indexes each page costs the same however many reports there are. The rows of a page are one statement; the filter
counts beside them are another (portal/services/cases/counts.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true, union_all
from sqlalchemy.orm import joinedload

from portal.core import clock
from portal.db import session
from portal.models import Report, StaffUser, Ward
from portal.services.cases import search, sorting, states, triage
from portal.services.cases.scope import scope_condition, scope_of
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
    search: str = ""  # what the officer typed (search.py)
    sort: str = sorting.URGENCY

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that reproduce these filters (for links, pagination and export)."""
        args = {
            "q": self.search,
            "status": self.status,
            "type": self.report_type,
            "ward": NOT_ALLOCATED if self.unallocated else str(self.ward_id or ""),
            "grading": self.grading,
            "assigned": self.assigned,
            "overdue": "yes" if self.overdue else "",
            "flagged": "yes" if self.flagged else "",
            "sort": "" if self.sort == sorting.URGENCY else self.sort,
        }
        return {key: value for key, value in args.items() if value}


@dataclass
class QueuePage:
    reports: list[Report]
    next_cursor: str | None


def status_condition(status: str) -> ColumnElement[bool]:
    if status == ALL:
        return true()
    if status == OPEN:
        return Report.status.in_(states.open_statuses())
    return Report.status == status if status in states.STATUSES else false()


def ward_condition(filters: Filters) -> ColumnElement[bool] | None:
    if filters.unallocated:
        return Report.ward_id.is_(None)
    return Report.ward_id == filters.ward_id if filters.ward_id else None


def conditions(viewer: StaffUser, filters: Filters, now: datetime) -> list[ColumnElement]:
    """Every filter but the scope and the status."""
    found: list[ColumnElement | None] = [
        Report.report_type == filters.report_type if filters.report_type else None,
        ward_condition(filters),
        Report.urgency.in_(grading_urgencies(filters.grading)) if filters.grading else None,
        {"me": Report.assigned_to_id == viewer.id, "unassigned": Report.assigned_to_id.is_(None)}.get(filters.assigned),
        overdue_condition(now) if filters.overdue else None,
        Report.needs_attention.is_(True) if filters.flagged else None,
        search.condition(filters.search) if filters.search else None,
    ]
    return [condition for condition in found if condition is not None]


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    today = clock.london_date(now)
    # The running clock adds nothing to the meaning, but it is the partial index's own condition (CLOCK_RUNNING), so
    # SQLite can read the queue's order from that index instead of passing over every report waiting for triage.
    clock_running = or_(Report.next_update_due.is_not(None), Report.notify_by.is_not(None))
    return and_(or_(Report.next_update_due < today, Report.notify_by < today), clock_running)


def filtered(viewer: StaffUser, filters: Filters, now: datetime) -> Select[tuple[Report]]:
    """Every report the filters match, in the chosen order, as one query (the export's)."""
    return (
        select(Report)
        .where(scope_condition(viewer), status_condition(filters.status), *conditions(viewer, filters, now))
        .order_by(*sorting.one_query_order(sorting.get(filters.sort)))
    )


def page(
    viewer: StaffUser, filters: Filters, now: datetime, after: str | None = None, size: int = PAGE_SIZE
) -> QueuePage:
    """One page of the queue, in one statement: the page's keys read from the queue's indexes alone, merged, then
    the rows themselves by primary key. Each part of the scope (its wards, the reports with no ward) is read
    separately and the first pages merged. Without a ward to start from (an administrator), each status chosen is
    read separately too, as one range of an index already in order: with the statuses IN a list, PostgreSQL reads
    every open report to sort them. A search reads its few matches, whatever part of the scope they are in."""
    chosen = statuses(filters.status)
    sort = sorting.get(filters.sort)
    cursor = sorting.Cursor.decode(sort, after)
    others = conditions(viewer, filters, now)
    scope = scope_of(viewer)
    parts, by_status = scope.parts(), [Report.status.in_(chosen)]
    if filters.search:
        parts = [scope_condition(viewer)]
    elif scope.ward_ids is None:
        by_status = [Report.status == status for status in chosen]
    ranges = []
    for number, segment in enumerate(sort.segments):
        continuing = sorting.after(sort, number, cursor)
        if continuing is None or not chosen:
            continue
        order = [key.desc() if segment.descending else key for key in segment.keys]
        ranges += [
            select(*sorting.selected(sort, number))
            .where(part, status, segment.condition, *others, *continuing)
            .order_by(*order)
            .limit(size + 1)
            .subquery()
            for part in parts
            for status in by_status
        ]
    if not ranges:
        return QueuePage(reports=[], next_cursor=None)
    merged = union_all(*(select(*subquery.c) for subquery in ranges)).subquery()
    first = select(*merged.c).order_by(*sorting.merged_order(sort, merged)).limit(size + 1).subquery()
    query = (
        select(Report)
        .join(first, Report.id == first.c.id)
        .options(*ROW_OPTIONS)
        .order_by(*sorting.merged_order(sort, first))
    )
    reports = list(session.scalars(query).unique())
    next_cursor = sorting.Cursor.of(sort, reports[size - 1]).encode() if len(reports) > size else None
    return QueuePage(reports=reports[:size], next_cursor=next_cursor)


# What a row shows comes with it: the ward's name and the officer's, not the officer's role (whose permissions
# would be one more statement).
ROW_OPTIONS = (joinedload(Report.ward), joinedload(Report.assigned_to).lazyload(StaffUser.role))


def grading_urgencies(grading: str) -> list[int]:
    """The urgency values of a grading (vulnerable or not): filtering on urgency keeps to the queue's index."""
    rank = triage.GRADINGS[grading].rank if grading in triage.GRADINGS else 0
    return [rank * 2, rank * 2 + 1]


def statuses(status: str) -> list[str]:
    if status == ALL:
        return list(states.STATUSES)
    if status == OPEN:
        return states.open_statuses()
    return [status] if status in states.STATUSES else []


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
    query = filtered(viewer, filters, now).options(*ROW_OPTIONS)
    yield from session.scalars(query.execution_options(yield_per=500))


def with_status(filters: Filters, status: str) -> Filters:
    return replace(filters, status=status)
