"""What the staff report page shows: the report (only if in the viewer's scope), its answers as the schema recorded
them, its flags and THRIVE prompts, and the officers it can be given to. Its timeline is in timeline.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.db import session
from portal.models import Report, StaffUser
from portal.models.staff import staff_borough, staff_ward
from portal.report_types import REPORT_TYPES
from portal.report_types.hate_crime import STRAND_LABELS
from portal.services.cases.scope import can_view
from portal.services.staff import audit, permissions
from portal.services.staff import scope as staff_scope
from portal.services.tracking.support import SERVICES

FLAGS = (
    ("flag_injuries", "Injuries"),
    ("flag_ongoing", "Ongoing"),
    ("flag_asb_case_review", "ASB case review"),
    ("flag_high_value_fraud", "High-value fraud"),
    ("flag_contact_safety", "Contact safety"),
    ("flag_late_road_traffic", "Reported over 24 hours after a collision"),
    ("flag_hate_crime", "Hate crime (perceived)"),
    ("flag_support_referral", "Asked for a support referral"),
)
# Prompts shown with the THRIVE triage form when a report carries the flag: what the grading must consider.
THRIVE_PROMPTS = (
    (
        "flag_hate_crime",
        "Perceived hate crime: the victim or someone else believes it was motivated by hostility towards {strands}. "
        "It is recorded as a hate crime whatever your own view. Assess vulnerability and the risk of repeat "
        "victimisation, and consider enhanced rights under the Victims' Code.",
    ),
)


def get_for(viewer: StaffUser, report_id: int) -> Report | None:
    """The report if `viewer` may see it; None otherwise, so the caller answers 404 and never reveals it exists."""
    report = session.get(Report, report_id)
    return report if report is not None and can_view(viewer, report) else None


def view(viewer: StaffUser, report_id: int) -> Report | None:
    """The report for its page, if `viewer` may see it; the view is audited (check 30)."""
    report = get_for(viewer, report_id)
    if report is not None:
        audit.record_report(viewer, "report.viewed", report)
    return report


def flags(report: Report) -> list[str]:
    labels = [label for column, label in FLAGS if getattr(report, column)]
    if report.needs_attention:
        labels.append("New information")
    return labels


def thrive_prompts(report: Report) -> list[str]:
    strands = ", ".join(STRAND_LABELS.get(s, s).lower() for s in report.hate_crime_strands or []) or "who someone is"
    return [text.format(strands=strands) for column, text in THRIVE_PROMPTS if getattr(report, column)]


def support_referral(report: Report) -> list[str]:
    """The support services the reporter asked, when reporting, to be referred to."""
    names = {service.code: service.name for service in SERVICES}
    return [names.get(code, code) for code in report.support_referral_services or []]


def answer_sections(report: Report) -> list[dict[str, Any]]:
    """The stored record's sections: the same rows check-your-answers showed the reporter (portal/journeys)."""
    return list((report.answers or {}).get("sections") or [])


def assignable_officers(report: Report) -> list[StaffUser]:
    """Active staff who cover the report's ward (by ward or by borough) and can triage."""
    if report.ward is None:
        return []
    by_ward = select(staff_ward.c.staff_id).where(staff_ward.c.ward_id == report.ward_id)
    by_borough = select(staff_borough.c.staff_id).where(staff_borough.c.borough_id == report.ward.borough_id)
    candidates = session.scalars(
        select(StaffUser)
        .where(StaffUser.active.is_(True), StaffUser.id.in_(by_ward.union(by_borough)))
        .order_by(StaffUser.name)
    )
    return [
        staff
        for staff in candidates
        if staff.can(permissions.REPORTS_TRIAGE) and staff_scope.can_see_ward(staff, report.ward_id)
    ]


def borough_of(report: Report) -> int | None:
    return report.ward.borough_id if report.ward else None


def type_label(slug: str) -> str:
    """ "Road traffic incident" from the report type's "a road traffic incident"."""
    report_type = REPORT_TYPES.get(slug)
    if report_type is None:
        return slug.replace("-", " ").capitalize()
    name = report_type.name
    for article in ("a ", "an "):
        if name.startswith(article):
            name = name[len(article) :]
    return name[:1].upper() + name[1:]


def type_choices() -> list[tuple[str, str]]:
    return [(slug, type_label(slug)) for slug in REPORT_TYPES]
