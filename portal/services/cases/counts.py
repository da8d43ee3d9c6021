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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, union_all

from portal.db import session
from portal.models import StaffUser, report_count
from portal.models.report_count import NO_WARD
from portal.report_types import REPORT_TYPES
from portal.services.cases import queue, states, triage
from portal.services.cases.count_reads import COLUMNS, Reads
from portal.services.cases.scope import Scope, scope_of

SEARCH, MINE, OVERDUE = "search", "mine", "overdue"  # what report_count cannot count
_FLAGS = ("unassigned", "attention", "mine", "overdue")


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
        if source == "overdue" and named["ward"] is not None:
            source = "overdue-ward"  # a ward's row of the two grouping sets (its status too)
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
        self.filters, self.scope = filters, scope
        self.read = Reads(viewer, filters, now, scope)
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._failures: dict[int, frozenset[str]] = {}
        self.chosen = queue.statuses(filters.status)
        self.urgencies = queue.grading_urgencies(filters.grading) if filters.grading else []
        self.ward = NO_WARD if filters.unallocated else filters.ward_id
        needs = {SEARCH: bool(filters.search), MINE: filters.assigned == "me", OVERDUE: filters.overdue}
        self.needs = frozenset(name for name, chosen in needs.items() if chosen)
        detail = (filters.report_type, filters.grading, filters.assigned == "unassigned", filters.flagged)
        self.detail = any(detail)  # a filter that report_count's per-ward totals cannot answer

    def reads(self) -> list[Select]:
        needs, read = self.needs, self.read
        if SEARCH in needs:
            return [read.search()]
        reads = [read.mine(every_status=MINE in needs)]
        if not needs:
            reads += read.overdue_count("overdue-option")  # "Update overdue (n)"
        elif needs == {OVERDUE} and self.ward is None and not self.detail and self.postgres:
            reads += read.overdue_both_ways()  # every number among the overdue reports, in one pass
        elif needs == {OVERDUE}:  # every number among the overdue reports
            reads += read.overdue(every_status=True) + read.overdue_by_ward()
        elif needs == {MINE, OVERDUE}:  # "Not assigned (n)" ignores "assigned to me", not "update overdue"
            reads += read.overdue_count("unassigned-option", assigned="unassigned")
        if needs <= {MINE}:  # report_count ("not assigned" only, when "assigned to me" is chosen)
            reads.append(read.kept(every_status=not needs and self.detail))
            if not needs:
                reads += [read.kept_by_ward(self.detail)] + ([] if self.detail else [read.kept_by_status()])
            if self.scope.elsewhere:
                reads.append(read.elsewhere())
        return reads

    # ---- summing ---------------------------------------------------------------------------------------------

    def tally(self, cells: dict[str, list[Cell]]) -> dict[str, dict[str, int]]:
        needs, elsewhere = self.needs, cells.get("elsewhere", [])
        serving = _serving(cells, needs)
        by_status = self._sum(serving, "status", _status)
        if not needs and not self.detail:
            by_status = _rows(cells, "kept-status", lambda c: c.status) + self._sum(elsewhere, "status", _status)
        by_ward = self._sum(serving, "ward", lambda c: c.ward)
        if not needs & {SEARCH, MINE}:
            by_ward = _rows(cells, "overdue-ward" if OVERDUE in needs else "kept-ward", lambda c: c.ward, self.chosen)
            by_ward += self._sum(elsewhere if not needs else [], "ward", lambda c: c.ward)
        by_type = self._sum(serving, "type", lambda c: c.report_type)
        by_urgency = self._sum(serving, "grading", lambda c: c.urgency)
        unassigned = self._sum(_serving(cells, needs - {MINE}), "assigned", _one, keep=lambda c: bool(c.unassigned))
        if needs == {MINE, OVERDUE}:
            unassigned = _rows(cells, "unassigned-option", _one)
        mine = self._sum(_serving(cells, needs | {MINE}), "assigned", _one, keep=lambda c: bool(c.mine))
        overdue = self._sum(_serving(cells, needs | {OVERDUE}), "overdue", _one, keep=lambda c: bool(c.overdue))
        if not needs:
            overdue = _rows(cells, "overdue-option", _one)
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
            failed = self._failed(cell)
            if (not failed or failed == {facet}) and keep(cell):
                found[key(cell)] += cell.n
        return found

    def _failed(self, cell: Cell) -> frozenset[str]:
        """The filters `cell` does not pass, worked out once per cell (each is summed for several options)."""
        known = self._failures.get(id(cell))
        if known is not None:
            return known
        f = self.filters
        tests = {
            "status": cell.status is None or cell.status in self.chosen,  # None: read within the chosen ones
            "type": not f.report_type or cell.report_type == f.report_type,
            "grading": not f.grading or cell.urgency in self.urgencies,
            "assigned": {"me": bool(cell.mine), "unassigned": bool(cell.unassigned)}.get(f.assigned, True),
            "overdue": not f.overdue or bool(cell.overdue),
            "flagged": not f.flagged or bool(cell.attention),
            "ward": self.ward is None or cell.ward is None or cell.ward == self.ward,
        }
        failed = frozenset(name for name, passed in tests.items() if not passed)
        self._failures[id(cell)] = failed
        return failed


def _serving(cells: dict[str, list[Cell]], needs: frozenset[str]) -> list[Cell]:
    """The read that counts among the reports `needs` asks for (a search's matches, the viewer's cases, the overdue
    reports), or report_count's detail with the viewer's cases elsewhere."""
    for need in (SEARCH, MINE, OVERDUE):
        if need in needs:
            return cells.get(need, [])
    return cells.get("kept", []) + cells.get("elsewhere", [])


def _rows(
    cells: dict[str, list[Cell]], source: str, key: Callable[[Cell], Any], statuses: list[str] | None = None
) -> Counter[Any]:
    """The numbers of a read that was already filtered in the database (but for the status, where it has one)."""
    found: Counter[Any] = Counter()
    for cell in cells.get(source, []):
        if statuses is None or cell.status is None or cell.status in statuses:
            found[key(cell)] += cell.n
    return found


# ---- the kept counts against a recount ----------------------------------------------------------------------------


def differences() -> dict[Any, tuple[int, int]]:
    """Every count that differs from a recount: key → (kept, recounted)."""
    return report_count.differences(session.connection())


def rebuild() -> None:
    """Rebuild every count from the reports. Commits."""
    report_count.recount(session.connection())
    session.commit()
