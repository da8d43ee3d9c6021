"""The numbers beside the queue's filters, and checking the kept counts (portal/models/report_count.py).

Each option's number is how many rows the queue would show with that option chosen and every other filter as it is:
with "Fraud" chosen, "Awaiting triage (4)" counts the fraud reports awaiting triage. They all come from one
statement, a UNION ALL of small grouped reads, summed here:

- what report_count keeps (ward, status, type, urgency, unassigned, new information): a few hundred rows for a ward
  or a borough, whatever the size of the table. While no other filter needs the detail, as in the default view, the
  status and ward numbers come from its per-ward totals;
- what it cannot keep, because it depends on the viewer or the day, from the reports themselves, each through an
  index that holds only what is counted: the viewer's own cases ("assigned to me", and their cases outside their
  wards), the reports with an update overdue, and the few a search matched.

When "assigned to me", "update overdue" or a search is chosen, every other number is counted among those reports
(the viewer's cases, the overdue reports, the matches) instead of from report_count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    select,
    true,
    union_all,
)

from portal.db import session
from portal.models import Report, StaffUser, report_count
from portal.models.report_count import FORCE, NO_WARD, TOTAL, WARD, ReportCount
from portal.report_types import REPORT_TYPES
from portal.services.cases import queue, search, states, triage
from portal.services.cases.scope import Scope, not_restricted, scope_condition, scope_of

SEARCH, MINE, OVERDUE = "search", "mine", "overdue"  # what report_count cannot count
COLUMNS = ("ward", "status", "report_type", "urgency", "unassigned", "attention", "mine", "overdue")
_FLAGS = ("unassigned", "attention", "mine", "overdue")
_NULL_TYPES = {"ward": Integer, "status": String, "report_type": String, "urgency": Integer}


@dataclass(frozen=True)
class Cell:
    """How many reports share these values. `ward` is None where the ward filter was applied in the database; the
    other values are None where the read does not have them."""

    ward: int | None
    status: str | None
    report_type: str | None
    urgency: int | None
    unassigned: bool | None
    attention: bool | None
    mine: bool | None
    overdue: bool | None
    n: int


def for_queue(viewer: StaffUser, filters: queue.Filters, now: datetime) -> dict[str, dict[str, int]]:
    """The number beside every filter option, read in one statement."""
    plan = _Plan(viewer, filters, now, scope_of(viewer))
    cells: dict[str, list[Cell]] = {}
    for source, *values, n in session.execute(union_all(*plan.reads())):
        named = dict(zip(COLUMNS, values, strict=True))
        for flag in _FLAGS:
            named[flag] = None if named[flag] is None else bool(named[flag])
        cells.setdefault(source, []).append(Cell(**named, n=int(n or 0)))
    return plan.tally(cells)


def _any(_cell: Cell) -> bool:
    return True


def _status(cell: Cell) -> str | None:
    return cell.status


def _one(_cell: Cell) -> str:
    """Every cell under one key: options that are a single number."""
    return ""


class _Plan:
    """Which reads these filters need, and how each option's number is summed from them."""

    def __init__(self, viewer: StaffUser, filters: queue.Filters, now: datetime, scope: Scope) -> None:
        self.viewer, self.filters, self.now, self.scope = viewer, filters, now, scope
        self.chosen = queue.statuses(filters.status)
        self.urgencies = queue.grading_urgencies(filters.grading) if filters.grading else []
        self.ward = NO_WARD if filters.unallocated else filters.ward_id
        needs = {SEARCH: bool(filters.search), MINE: filters.assigned == "me", OVERDUE: filters.overdue}
        self.needs = frozenset(name for name, chosen in needs.items() if chosen)
        detail = (filters.report_type, filters.grading, filters.assigned == "unassigned", filters.flagged)
        self.detail = any(detail)  # a filter that report_count's per-ward totals cannot answer

    # ---- the reads: each a SELECT of (source, *COLUMNS, n) -------------------------------------------------------

    def reads(self) -> list[Select]:
        needs = self.needs
        if SEARCH in needs:
            found = search.condition(self.filters.search)
            return [self._reports("search", [scope_condition(self.viewer), found], by_ward=True, every_status=True)]
        mine = [Report.assigned_to_id == self.viewer.id, not_restricted()]
        reads = [self._reports("mine", mine, by_ward=True, every_status=MINE in needs)]
        if needs != {MINE}:  # "update overdue (n)", or every number when it is chosen
            overdue = [scope_condition(self.viewer), queue.overdue_condition(self.now), *self._ward_filter()]
            reads.append(self._reports("overdue", overdue, by_ward=False, every_status=needs == {OVERDUE}))
        if needs == {OVERDUE}:
            reads.append(self._overdue_by_ward())
        if needs <= {MINE}:  # the numbers report_count keeps ("not assigned" only, when "assigned to me" is chosen)
            reads += self._kept()
            if self.scope.elsewhere:
                elsewhere = [self.scope.elsewhere_condition()]
                reads.append(self._reports("elsewhere", elsewhere, by_ward=True, every_status=True))
        return reads

    def _ward_filter(self) -> list[ColumnElement[bool]]:
        condition = queue.ward_condition(self.filters)
        return [] if condition is None else [condition]

    def _reports(self, source: str, where: list[ColumnElement[bool]], by_ward: bool, every_status: bool) -> Select:
        """The reports matching `where`, grouped by everything the counts filter on."""
        statuses = [] if every_status else [Report.status.in_(self.chosen)]
        rows = select(
            (func.coalesce(Report.ward_id, NO_WARD) if by_ward else cast(null(), Integer)).label("ward"),
            Report.status.label("status"),
            Report.report_type.label("report_type"),
            Report.urgency.label("urgency"),
            Report.assigned_to_id.is_(None).label("unassigned"),
            Report.needs_attention.label("attention"),
            case((Report.assigned_to_id == self.viewer.id, true()), else_=false()).label("mine"),
            case((queue.overdue_condition(self.now), true()), else_=false()).label("overdue"),
        ).where(*where, *statuses)
        inner = rows.subquery()  # grouped outside, so each bound value appears once (PostgreSQL compares them)
        grouped = [inner.c[name] for name in COLUMNS]
        return _shaped(source, dict(zip(COLUMNS, grouped, strict=True)), func.count(), [], grouped)

    def _overdue_by_ward(self) -> Select:
        ward = func.coalesce(Report.ward_id, NO_WARD)
        others = queue.conditions(self.viewer, replace(self.filters, ward_id=None, unallocated=False), self.now)
        where = [scope_condition(self.viewer), Report.status.in_(self.chosen), *others]
        return _shaped("overdue-ward", {"ward": ward}, func.count(), where, [ward])

    def _kept(self) -> list[Select]:
        """report_count: the detail (the ward filter applied), and the status and ward numbers."""
        admin = self.scope.ward_ids is None
        areas = [] if admin else [ReportCount.area.in_(_areas(self.scope))]
        ward = [] if self.ward is None else [ReportCount.area == self.ward]
        level = FORCE if admin and self.ward is None else WARD
        every_status = not self.needs and self.detail
        statuses = [] if every_status else [ReportCount.status.in_(self.chosen)]
        columns = (ReportCount.status, ReportCount.report_type, ReportCount.urgency, ReportCount.unassigned)
        detail = dict(zip(COLUMNS[1:5], columns, strict=True)) | {"attention": ReportCount.needs_attention}
        where = [ReportCount.level == level, *areas, *ward, *statuses]
        reads = [_shaped("kept", detail, func.sum(ReportCount.n), where, list(detail.values()))]
        if self.needs:
            return reads
        if not self.detail:
            totals = [ReportCount.level == TOTAL, *areas, *ward]
            status = ReportCount.status
            reads.append(_shaped("kept-status", {"status": status}, func.sum(ReportCount.n), totals, [status]))
        reads.append(self._kept_by_ward(areas))
        return reads

    def _kept_by_ward(self, areas: list[ColumnElement[bool]]) -> Select:
        f = self.filters
        where = [ReportCount.level == (WARD if self.detail else TOTAL), *areas, ReportCount.status.in_(self.chosen)]
        where += [ReportCount.report_type == f.report_type] if f.report_type else []
        where += [ReportCount.urgency.in_(self.urgencies)] if f.grading else []
        where += [ReportCount.unassigned.is_(True)] if f.assigned == "unassigned" else []
        where += [ReportCount.needs_attention.is_(True)] if f.flagged else []
        return _shaped("kept-ward", {"ward": ReportCount.area}, func.sum(ReportCount.n), where, [ReportCount.area])

    # ---- summing ---------------------------------------------------------------------------------------------

    def tally(self, cells: dict[str, list[Cell]]) -> dict[str, dict[str, int]]:
        needs, elsewhere = self.needs, cells.get("elsewhere", [])
        serving = _serving(cells, needs)
        by_status = self._sum(serving, "status", _status)
        if not needs and not self.detail:
            by_status = _rows(cells, "kept-status", lambda c: c.status) + self._sum(elsewhere, "status", _status)
        by_ward = self._sum(serving, "ward", lambda c: c.ward)
        if not needs & {SEARCH, MINE}:
            by_ward = _rows(cells, "overdue-ward" if OVERDUE in needs else "kept-ward", lambda c: c.ward)
            by_ward += self._sum(elsewhere if not needs else [], "ward", lambda c: c.ward)
        by_type = self._sum(serving, "type", lambda c: c.report_type)
        by_urgency = self._sum(serving, "grading", lambda c: c.urgency)
        unassigned = self._sum(_serving(cells, needs - {MINE}), "assigned", _one, keep=lambda c: bool(c.unassigned))
        mine = self._sum(_serving(cells, needs | {MINE}), "assigned", _one, keep=lambda c: bool(c.mine))
        overdue = self._sum(_serving(cells, needs | {OVERDUE}), "overdue", _one, keep=lambda c: bool(c.overdue))
        flagged = self._sum(serving, "flagged", _one, keep=lambda c: bool(c.attention))
        statuses = {code: by_status[code] for code in states.STATUSES if by_status[code]}
        statuses[queue.OPEN] = sum(by_status[code] for code in states.open_statuses())
        statuses[queue.ALL] = sum(by_status[code] for code in states.STATUSES)
        gradings = {
            code: sum(by_urgency[u] for u in queue.grading_urgencies(code)) for code in [*triage.GRADINGS, "ungraded"]
        }
        return {
            "status": statuses,
            "grading": {code: n for code, n in gradings.items() if n},
            "ward": {(queue.NOT_ALLOCATED if ward == NO_WARD else str(ward)): n for ward, n in by_ward.items() if n},
            "type": {slug: by_type[slug] for slug in REPORT_TYPES},
            "assigned": {"me": mine[""], "unassigned": unassigned[""]},
            "overdue": {"yes": overdue[""]},
            "flagged": {"yes": flagged[""]},
        }

    def _sum(
        self, cells: list[Cell], facet: str, key: Callable[[Cell], Any], keep: Callable[[Cell], bool] = _any
    ) -> Counter[Any]:
        """Sum `cells` that pass every filter but `facet`'s own, by `key`."""
        found: Counter[Any] = Counter()
        for cell in cells:
            if keep(cell) and self._passes(cell, facet):
                found[key(cell)] += cell.n
        return found

    def _passes(self, cell: Cell, facet: str) -> bool:
        f = self.filters
        tests = {
            "status": cell.status in self.chosen,
            "type": not f.report_type or cell.report_type == f.report_type,
            "grading": not f.grading or cell.urgency in self.urgencies,
            "assigned": {"me": bool(cell.mine), "unassigned": bool(cell.unassigned)}.get(f.assigned, True),
            "overdue": not f.overdue or bool(cell.overdue),
            "flagged": not f.flagged or bool(cell.attention),
            "ward": self.ward is None or cell.ward is None or cell.ward == self.ward,
        }
        return all(passed for name, passed in tests.items() if name != facet)


def _shaped(
    source: str, values: dict[str, Any], measure: Any, where: list[ColumnElement[bool]], group_by: list[Any]
) -> Select:
    """A read in the statement's common shape: (source, *COLUMNS, n), with NULL for what it does not have."""
    columns = [values.get(name, cast(null(), _NULL_TYPES.get(name, Boolean))) for name in COLUMNS]
    return select(literal_column(f"'{source}'"), *columns, measure).where(*where).group_by(*group_by)


def _serving(cells: dict[str, list[Cell]], needs: frozenset[str]) -> list[Cell]:
    """The read that counts among the reports `needs` asks for (a search's matches, the viewer's cases, the overdue
    reports), or report_count's detail with the viewer's cases elsewhere."""
    for need in (SEARCH, MINE, OVERDUE):
        if need in needs:
            return cells.get(need, [])
    return cells.get("kept", []) + cells.get("elsewhere", [])


def _rows(cells: dict[str, list[Cell]], source: str, key: Callable[[Cell], Any]) -> Counter[Any]:
    """The numbers of a read that was already filtered in the database."""
    found: Counter[Any] = Counter()
    for cell in cells.get(source, []):
        found[key(cell)] += cell.n
    return found


def _areas(scope: Scope) -> list[int]:
    """The report_count areas of a scope's wards (NO_WARD for the reports with none)."""
    return [*(scope.ward_ids or []), *([NO_WARD] if scope.unallocated else [])]


# ---- the kept counts against a recount ----------------------------------------------------------------------------


def differences() -> dict[Any, tuple[int, int]]:
    """Every count that differs from a recount: key → (kept, recounted)."""
    return report_count.differences(session.connection())


def rebuild() -> None:
    """Rebuild every count from the reports. Commits."""
    report_count.recount(session.connection())
    session.commit()
