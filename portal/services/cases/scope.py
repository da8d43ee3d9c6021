"""Which reports a member of staff may see: their wards or borough, reports with no known ward if they may allocate
them, and their own cases wherever they are. The queue, evidence, links and the front counter all ask here.

A restricted report (DPA 2018 s.47) is in nobody's scope: only information rights staff open it, from their own list
(portal/information_rights/), and it is left out of every query that builds on this module."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_app_context
from sqlalchemy import ColumnElement, and_, or_, select, true, union
from sqlalchemy.orm import aliased

from portal.db import session
from portal.models import Report, StaffUser
from portal.services.staff import permissions
from portal.services.staff import scope as staff_scope


@dataclass(frozen=True)
class Scope:
    """The reports a viewer may see: those in `ward_ids` (None: every report), those with no known ward if they may
    allocate them, and their own cases elsewhere."""

    viewer_id: int
    ward_ids: list[int] | None
    unallocated: bool  # reports whose reporter did not know the ward (REPORTS_ALLOCATE)
    elsewhere: bool  # the viewer has cases outside the above (rare: given to them before a change of wards)

    def parts(self) -> list[ColumnElement[bool]]:
        """Conditions whose union is the scope, each one range of the queue's ward index (less restricted reports)."""
        return [and_(part, not_restricted()) for part in self._ward_parts()]

    def _ward_parts(self) -> list[ColumnElement[bool]]:
        if self.ward_ids is None:
            return [true()]
        # The ward ids themselves, not a subquery: PostgreSQL then plans with the actual wards (and their statistics).
        in_wards: ColumnElement[bool] = Report.ward_id.in_(self.ward_ids)
        if self.elsewhere:
            # A plain `ward OR assigned` makes SQLite scan the whole table: a union of two index lookups instead.
            mine = Report.assigned_to_id == self.viewer_id
            ids = union(select(Report.id).where(in_wards), select(Report.id).where(mine))
            in_wards = Report.id.in_(select(ids.subquery().c.id))
        return [in_wards, Report.ward_id.is_(None)] if self.unallocated else [in_wards]

    def elsewhere_condition(self) -> ColumnElement[bool]:
        outside = Report.ward_id.not_in(self.ward_ids or [])
        if not self.unallocated:
            outside = or_(Report.ward_id.is_(None), outside)
        return and_(Report.assigned_to_id == self.viewer_id, outside, not_restricted())


_RESTRICTED = aliased(Report, name="restricted_report")
# Built once: aliasing the report makes a copy of each of its columns, which every query of a page would pay for.
_NOT_RESTRICTED = Report.id.not_in(select(_RESTRICTED.id).where(_RESTRICTED.restricted == true()))


def not_restricted() -> ColumnElement[bool]:
    """Every report but the restricted ones. Asked as "not one of the restricted reports' ids" (a handful, read from
    their own small index) so that a query reading the queue's order from an index still reads only that index: the
    id is in every one of them."""
    return _NOT_RESTRICTED


def scope_of(viewer: StaffUser) -> Scope:
    """The viewer's scope, worked out once per request (a page's rows and its counts both ask): a borough's wards
    and whether the viewer has cases elsewhere are each a query."""
    if viewer.role.scope == staff_scope.SCOPE_ALL:
        return Scope(viewer.id, None, unallocated=True, elsewhere=False)
    # Keyed by what the scope is made of, so a change of wards or boroughs is never answered from before it.
    key = (viewer.id, tuple(sorted(w.id for w in viewer.wards)), tuple(sorted(b.id for b in viewer.boroughs)))
    cache: dict[tuple, Scope] = g.setdefault("queue_scopes", {}) if has_app_context() else {}
    if key not in cache:
        wards = sorted(staff_scope.ward_ids_in_scope(viewer) or set())
        unallocated = sees_unallocated(viewer)
        # Through the index of officers' cases: the wards of the viewer's own cases, compared in Python.
        mine = Report.assigned_to_id == viewer.id
        extra = any(
            w not in wards and not (w is None and unallocated)
            for w in session.scalars(select(Report.ward_id).where(mine).distinct())
        )
        cache[key] = Scope(viewer.id, wards, unallocated=unallocated, elsewhere=extra)
    return cache[key]


def scope_condition(viewer: StaffUser) -> ColumnElement[bool]:
    """Reports `viewer` may see: their wards or boroughs, reports with no known ward if they may allocate them, and
    (for anyone) the reports assigned to them. The queue's own page reads each part separately (page())."""
    parts = scope_of(viewer).parts()
    return parts[0] if len(parts) == 1 else or_(*parts)


def sees_unallocated(viewer: StaffUser) -> bool:
    """Whether reports with no known ward are in the viewer's queue."""
    return viewer.role.scope == staff_scope.SCOPE_ALL or viewer.can(permissions.REPORTS_ALLOCATE)


def can_view(viewer: StaffUser, report: Report) -> bool:
    if report.restricted:
        return viewer.can(permissions.RECORDS_RESTRICTED)
    if report.ward_id is None and viewer.can(permissions.REPORTS_ALLOCATE):
        return True
    return report.assigned_to_id == viewer.id or staff_scope.can_see_ward(viewer, report.ward_id)
