"""The links officers make between reports (possible duplicates, which suggest them: duplicates.py).

A link is stored once per pair and shown from both sides; making one writes a "linked" case event on both reports
and an audit record for each.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from portal.core.numbers import whole_number
from portal.db import session
from portal.models import CaseEvent, Report, ReportLink, StaffUser
from portal.services.cases import events, staff_view
from portal.services.reporting import references
from portal.services.staff import audit


class LinkError(Exception):
    """Why two reports cannot be linked, in words for the officer."""


@dataclass
class LinksPanel:
    links: list[Report]


def visible_report(viewer: StaffUser, report_id: int) -> Report | None:
    """The report if `viewer` may see it (the staff report page's own rule), else None: the caller answers 404."""
    return staff_view.get_for(viewer, report_id)


def window_days() -> int:
    return int(current_app.config.get("DUPLICATE_WINDOW_DAYS", 7))


def linked_reports(report: Report, viewer: StaffUser) -> list[Report]:
    """Reports linked to `report`, either way round, that `viewer` may see, oldest first."""
    pairs = session.execute(
        select(ReportLink.report_id, ReportLink.linked_report_id).where(
            or_(ReportLink.report_id == report.id, ReportLink.linked_report_id == report.id)
        )
    ).all()
    other_ids = {a if b == report.id else b for a, b in pairs}
    if not other_ids:
        return []
    others = session.scalars(select(Report).where(Report.id.in_(other_ids)).order_by(Report.submitted_at, Report.id))
    return [other for other in others if visible_report(viewer, other.id) is not None]


def panel(report: Report, viewer: StaffUser) -> LinksPanel:
    """What the report page's "Linked reports" section shows (possible duplicates: duplicates.py)."""
    return LinksPanel(linked_reports(report, viewer))


def find_other(viewer: StaffUser, report: Report, reference_or_id: str) -> Report:
    """The report an officer asked to link to, by reference (as the victim has it) or by its number in the queue."""
    text = (reference_or_id or "").strip()
    other: Report | None = None
    if (number := whole_number(text)) is not None:
        other = visible_report(viewer, number)
    elif references.is_valid(text):
        found = session.scalar(select(Report.id).where(Report.reference == references.normalise(text)))
        other = visible_report(viewer, found) if found is not None else None
    if other is None:
        raise LinkError("Enter the reference of a report you can see, in the form XXXX-XXXX-XXXX")
    if other.id == report.id:
        raise LinkError("Enter the reference of a different report: a report cannot be linked to itself")
    return other


def link(report: Report, other: Report, by: StaffUser) -> bool:
    """Link two reports. Returns False when they were linked already (nothing is written twice)."""
    low, high = sorted((report.id, other.id))
    exists = session.scalar(
        select(ReportLink.id).where(ReportLink.report_id == low, ReportLink.linked_report_id == high)
    )
    if exists is not None:
        return False
    session.add(ReportLink(report_id=low, linked_report_id=high, created_by_id=by.id))
    for this, that in ((report, other), (other, report)):
        session.add(
            CaseEvent(
                report_id=this.id,
                kind=events.LINKED,
                public=False,
                text=f"Linked to report {references.display(that.reference)}",
                actor_id=by.id,
            )
        )
    try:
        session.commit()
    except IntegrityError:  # the same pair linked at the same moment by another request
        session.rollback()
        return False
    for this, that in ((report, other), (other, report)):
        detail = f"linked to report {that.id}"
        audit.record(by, "report.linked", "report", this.id, detail=detail, borough_id=_borough(this))
    return True


def _borough(report: Report) -> int | None:
    return report.ward.borough_id if report.ward is not None else None
