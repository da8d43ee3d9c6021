"""Allocating a report with no known ward to a ward.

A reporter who answers "I don't know" on the where step sends a report no ward's officers can see. Staff holding
`reports.allocate` (supervisors and administrators by default) see those reports in their queue and give each one
a ward from their own scope (an administrator any current ward); from then on that ward's officers see it like any
other. Each allocation is a case event (staff only) and an audit record.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import CaseEvent, Report, StaffUser, Ward
from portal.services.cases import events
from portal.services.staff import audit, permissions
from portal.services.staff import scope as staff_scope


class AllocationRefused(ValueError):
    """The report already has a ward, or the ward is not one the allocator may choose."""


def wards_for(allocator: StaffUser) -> list[Ward]:
    """The current wards `allocator` may allocate a report to, by name."""
    query = select(Ward).where(Ward.retired_at.is_(None)).order_by(Ward.name)
    scope = staff_scope.ward_ids_in_scope(allocator)
    if scope is not None:
        query = query.where(Ward.id.in_(sorted(scope) or [-1]))
    return list(session.scalars(query))


def allocate(report: Report, ward_id: int, by: StaffUser, reason: str | None = None) -> Ward:
    """Give `report` (which has no ward) the ward `ward_id`, from `by`'s scope. Writes a case event and an audit
    record; commits. Returns the ward."""
    ward = session.get(Ward, ward_id)
    if ward is None:
        raise AllocationRefused("Choose a ward you cover")
    if not by.can(permissions.REPORTS_ALLOCATE):
        raise AllocationRefused("You cannot allocate reports to wards")
    if report.ward_id is not None:
        raise AllocationRefused("This report is already in a ward")
    if ward.retired_at is not None or not staff_scope.can_see_ward(by, ward.id):
        raise AllocationRefused("Choose a ward you cover")
    report.ward_id = ward.id
    text = f"Allocated to {ward.name} ({ward.borough.name})."
    if reason and reason.strip():
        text += f" {reason.strip()}"
    event = CaseEvent(report_id=report.id, kind=events.ALLOCATED, public=False, text=text, actor_id=by.id)
    session.add(event)
    # One commit for the ward, the event and the audit record: none is written without the others.
    audit.record(by, "report.allocated", "report", report.id, f"ward={ward.code}", borough_id=ward.borough_id)
    return ward
