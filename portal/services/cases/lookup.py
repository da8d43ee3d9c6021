"""Front counter staff and officers open a case by its reference for the person in front of them. Out of their scope
looks exactly like a reference that does not exist."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import Report, StaffUser
from portal.services.cases import scope as queue_scope
from portal.services.reporting import references
from portal.services.staff import audit


def find_in_scope(viewer: StaffUser, reference: str) -> Report | None:
    """The report with this reference if `viewer` may see it. Audited whether or not it was found; the reference
    typed is not repeated in the log."""
    report = None
    if references.is_valid(reference):
        report = session.scalar(
            select(Report).where(
                Report.reference == references.normalise(reference), queue_scope.scope_condition(viewer)
            )
        )
    detail = "found" if report else "not found or out of scope"
    audit.record(viewer, "report.looked_up", "report", report.id if report else None, detail=detail)
    return report
