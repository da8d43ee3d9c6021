"""The reads behind the queue's filter counts (counts.py sums them): each a SELECT of (source, *COLUMNS, n), so they
go to the database as one UNION ALL.

Every read keeps to an index that holds what it counts. report_count's rows for the scope; the viewer's own cases
through `ix_report_assigned`; the overdue reports as two disjoint parts, "update overdue" and "a decision to tell
overdue with the update not", each one range of a partial index that carries every column the counts group by
(`ix_report_overdue_update` from a ward, `ix_report_queue_due` from a status), so PostgreSQL answers them from the
index alone however many reports there are; and a search's few matches by primary key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    tuple_,
)

from portal.core import clock
from portal.models import Report, StaffUser
from portal.models.report_count import FORCE, NO_WARD, TOTAL, WARD, ReportCount
from portal.services.cases import queue, search, states
from portal.services.cases.scope import Scope, not_restricted, scope_condition

COLUMNS = ("ward", "status", "report_type", "urgency", "unassigned", "attention", "mine", "overdue")
_DETAIL = ("status", "report_type", "urgency", "unassigned", "attention")
# What overdue reports are grouped by, with no bound value in them (the ward with no ward is a literal 0).
_GROUPED = {
    "ward": func.coalesce(Report.ward_id, literal_column(str(NO_WARD))),
    "status": Report.status,
    "report_type": Report.report_type,
    "urgency": Report.urgency,
    "unassigned": Report.assigned_to_id.is_(None),
    "attention": Report.needs_attention,
}
_NULL_TYPES = {"ward": Integer, "status": String, "report_type": String, "urgency": Integer}


class Reads:
    def __init__(self, viewer: StaffUser, filters: queue.Filters, now: datetime, scope: Scope) -> None:
        self.viewer, self.filters, self.now, self.scope = viewer, filters, now, scope
        self.chosen = queue.statuses(filters.status)
        self.ward = NO_WARD if filters.unallocated else filters.ward_id

    # ---- from the reports ------------------------------------------------------------------------------------

    def search(self) -> Select:
        """The search's matches in scope, every status, grouped by everything the counts filter on."""
        found = [scope_condition(self.viewer), search.condition(self.filters.search)]
        return self.grouped("search", self.rows(found, by_ward=True).subquery())

    def mine(self, every_status: bool) -> Select:
        """The viewer's own cases (they are always in scope), grouped."""
        mine = [Report.assigned_to_id == self.viewer.id, not_restricted(), *self._statuses(every_status)]
        return self.grouped("mine", self.rows(mine, by_ward=True).subquery())

    def elsewhere(self) -> Select:
        """The viewer's cases outside their wards, which report_count's rows for their wards do not hold."""
        return self.grouped("elsewhere", self.rows([self.scope.elsewhere_condition()], by_ward=True).subquery())

    def overdue(self, every_status: bool) -> list[Select]:
        """The overdue reports in scope (the ward filter applied), every status or the chosen ones, grouped."""
        ward = queue.ward_condition(self.filters)
        return self._overdue("overdue", [] if ward is None else [ward], every_status, _DETAIL)

    def overdue_both_ways(self) -> list[Select]:
        """On PostgreSQL, with no other filter chosen: overdue() and overdue_by_ward() in one pass over the index, as
        two grouping sets. A row of the second has its ward, one of the first has none."""
        return self._overdue("overdue", [], True, ("ward", *_DETAIL), both_ways=True)

    def overdue_by_ward(self) -> list[Select]:
        """The overdue reports in scope and status, by ward, every other filter applied."""
        others = self._conditions(ward_id=None, unallocated=False, overdue=False)
        return self._overdue("overdue-ward", others, False, ("ward",))

    def overdue_count(self, source: str, **changed: Any) -> list[Select]:
        """How many overdue reports in scope and status pass the filters with `changed` ones changed."""
        return self._overdue(source, self._conditions(overdue=False, **changed), False, ())

    def _overdue(
        self,
        source: str,
        where: list[ColumnElement[bool]],
        every_status: bool,
        by: tuple[str, ...],
        both_ways: bool = False,
    ) -> list[Select]:
        """One read per part of the scope and part of "overdue" (each one range of a partial index that carries the
        columns grouped by), grouped directly: nothing here is a bound value, so PostgreSQL can match the groups."""
        today = clock.london_date(self.now)
        update_overdue = and_(Report.next_update_due.is_not(None), Report.next_update_due < today)
        notify_only = and_(
            Report.notify_by.is_not(None),
            Report.notify_by < today,
            or_(Report.next_update_due.is_(None), Report.next_update_due >= today),
        )
        # Every status named rather than none, so that without a ward the index to read is the one led by the status.
        statuses = [Report.status.in_(list(states.STATUSES))] if every_status else self._statuses(False)
        columns = {name: _GROUPED[name] for name in by}
        grouping: list[Any] = list(columns.values())
        measure: Any = func.count()
        if both_ways:  # (status, type, urgency, unassigned, new information), and (ward), counting the chosen statuses
            ward = columns["ward"]
            grouping = [func.grouping_sets(tuple_(*grouping[1:]), tuple_(ward))]
            measure = case(
                (func.grouping(ward) == 0, func.count().filter(Report.status.in_(self.chosen))), else_=measure
            )
        return [
            _shaped(source, {**columns, "overdue": true()}, measure, [part, overdue, *statuses, *where], grouping)
            for part in self.scope.parts()
            for overdue in (update_overdue, notify_only)
        ]

    def rows(self, where: list[ColumnElement[bool]], by_ward: bool, overdue: Any = None) -> Select:
        """One row per report: the values the counts filter on."""
        is_overdue = case((queue.overdue_condition(self.now), true()), else_=false()) if overdue is None else overdue
        return select(
            (func.coalesce(Report.ward_id, NO_WARD) if by_ward else cast(null(), Integer)).label("ward"),
            Report.status.label("status"),
            Report.report_type.label("report_type"),
            Report.urgency.label("urgency"),
            Report.assigned_to_id.is_(None).label("unassigned"),
            Report.needs_attention.label("attention"),
            case((Report.assigned_to_id == self.viewer.id, true()), else_=false()).label("mine"),
            is_overdue.label("overdue"),
        ).where(*where)

    def grouped(self, source: str, rows: Subquery) -> Select:
        # Grouped outside the rows, so each bound value appears once (PostgreSQL compares the expressions).
        columns = [rows.c[name] for name in COLUMNS]
        return _shaped(source, dict(zip(COLUMNS, columns, strict=True)), func.count(), [], columns)

    def _conditions(self, **changed: Any) -> list[ColumnElement[bool]]:
        return queue.conditions(self.viewer, replace(self.filters, **changed), self.now)

    def _statuses(self, every_status: bool) -> list[ColumnElement[bool]]:
        return [] if every_status else [Report.status.in_(self.chosen)]

    # ---- from report_count -----------------------------------------------------------------------------------

    def kept(self, every_status: bool) -> Select:
        """report_count's detail for the scope (the ward filter applied), summed over its wards: by status too when
        the status numbers need the detail, else within the chosen statuses."""
        level = FORCE if self.scope.ward_ids is None and self.ward is None else WARD
        detail = {
            "report_type": ReportCount.report_type,
            "urgency": ReportCount.urgency,
            "unassigned": ReportCount.unassigned,
            "attention": ReportCount.needs_attention,
        }
        where = [ReportCount.level == level, *self._areas(), *self._ward()]
        if every_status:
            detail["status"] = ReportCount.status
        else:
            where.append(ReportCount.status.in_(self.chosen))
        return _shaped("kept", detail, func.sum(ReportCount.n), where, list(detail.values()))

    def kept_by_status(self) -> Select:
        """Per-ward totals by status (the ward filter applied): while no other filter needs the detail."""
        where = [ReportCount.level == TOTAL, *self._areas(), *self._ward()]
        status = ReportCount.status
        return _shaped("kept-status", {"status": status}, func.sum(ReportCount.n), where, [status])

    def kept_by_ward(self, detail: bool) -> Select:
        f = self.filters
        where = [ReportCount.level == (WARD if detail else TOTAL), *self._areas(), ReportCount.status.in_(self.chosen)]
        where += [ReportCount.report_type == f.report_type] if f.report_type else []
        where += [ReportCount.urgency.in_(queue.grading_urgencies(f.grading))] if f.grading else []
        where += [ReportCount.unassigned.is_(True)] if f.assigned == "unassigned" else []
        where += [ReportCount.needs_attention.is_(True)] if f.flagged else []
        return _shaped("kept-ward", {"ward": ReportCount.area}, func.sum(ReportCount.n), where, [ReportCount.area])

    def _areas(self) -> list[ColumnElement[bool]]:
        if self.scope.ward_ids is None:
            return []
        areas = [*self.scope.ward_ids, *([NO_WARD] if self.scope.unallocated else [])]
        return [ReportCount.area.in_(areas)]

    def _ward(self) -> list[ColumnElement[bool]]:
        return [] if self.ward is None else [ReportCount.area == self.ward]


def _shaped(
    source: str,
    values: dict[str, Any],
    measure: Any,
    where: list[ColumnElement[bool]],
    group_by: list[Any],
    rows: Subquery | None = None,
) -> Select:
    """A read in the statement's common shape: (source, *COLUMNS, n), with NULL for what it does not have."""
    columns = [values.get(name, cast(null(), _NULL_TYPES.get(name, Boolean))) for name in COLUMNS]
    query = select(literal_column(f"'{source}'"), *columns, measure).where(*where).group_by(*group_by)
    return query if rows is None else query.select_from(rows)
