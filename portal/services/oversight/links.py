"""Possible duplicates of a report, and the links officers make between reports.

A suggestion is another report in the same ward, submitted within DUPLICATE_WINDOW_DAYS either side, that shares
a normalised identifier (see identifiers.py). A link is stored once per pair and shown from both sides; making one
writes a "linked" case event on both reports and an audit record for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError

from portal.core.numbers import whole_number
from portal.db import session
from portal.models import CaseEvent, Report, ReportIdentifier, ReportLink, StaffUser
from portal.services.cases import events, staff_view
from portal.services.cases import scope as queue_scope
from portal.services.oversight import identifiers
from portal.services.reporting import references
from portal.services.staff import audit

MAX_SUGGESTIONS = 20


class LinkError(Exception):
    """Why two reports cannot be linked, in words for the officer."""


@dataclass
class Match:
    report: Report
    reasons: list[str] = field(default_factory=list)


@dataclass
class LinksPanel:
    links: list[Report]
    suggestions: list[Match]
    window_days: int


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


def suggestions(report: Report, viewer: StaffUser) -> list[Match]:
    """Other reports in the same ward and time window sharing an identifier, not yet linked, in `viewer`'s scope."""
    if report.ward_id is None:
        return []
    found = identifiers.extract(report)
    if not found:
        return []
    days = timedelta(days=window_days())
    wanted = {(i.kind, i.value) for i in found}
    rows = session.execute(
        select(ReportIdentifier.report_id, ReportIdentifier.kind, ReportIdentifier.value, ReportIdentifier.source)
        .join(Report, Report.id == ReportIdentifier.report_id)
        .where(
            or_(*(and_(ReportIdentifier.kind == kind, ReportIdentifier.value == value) for kind, value in wanted)),
            Report.ward_id == report.ward_id,
            Report.id != report.id,
            Report.submitted_at >= report.submitted_at - days,
            Report.submitted_at <= report.submitted_at + days,
            queue_scope.scope_condition(viewer),
        )
        .order_by(ReportIdentifier.report_id, ReportIdentifier.kind, ReportIdentifier.value)
    ).all()
    already = {other.id for other in linked_reports(report, viewer)}
    mine = {(i.kind, i.value): i.source for i in found}
    matches: dict[int, Match] = {}
    for report_id, kind, value, source in rows:
        if report_id in already:
            continue
        match = matches.get(report_id)
        if match is None:
            if len(matches) >= MAX_SUGGESTIONS:
                continue
            match = matches[report_id] = Match(session.get(Report, report_id))  # type: ignore[arg-type]
        reason = _reason(kind, value, mine.get((kind, value), ""), source)
        if reason not in match.reasons:
            match.reasons.append(reason)
    return sorted(matches.values(), key=lambda m: (m.report.submitted_at, m.report.id))


def _reason(kind: str, value: str, here: str, there: str) -> str:
    shown = value.split(":", 1)[1] if kind == identifiers.SUSPECT else value
    label = identifiers.KIND_LABELS[kind]
    sources = identifiers.SOURCE_LABELS
    if here == there:
        return f"{label} {shown} ({sources.get(here, here)} in both)"
    return f"{label} {shown} ({sources.get(here, here)} here, {sources.get(there, there)} there)"


def panel(report: Report, viewer: StaffUser) -> LinksPanel:
    """What the report page's "Linked reports" section shows."""
    identifiers.ensure_indexed(report)
    return LinksPanel(linked_reports(report, viewer), suggestions(report, viewer), window_days())


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
