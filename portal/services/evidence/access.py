"""Who may fetch an evidence file, what the staff list shows, and serving a file once access is decided.

Staff reach a report's files when the report is in their wards or boroughs or assigned to them (security check 9);
a victim reaches only the files of the report their case session opens (check 10). Everyone else is answered as
if the file did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.db import session
from portal.models import Evidence, Report, StaffUser
from portal.models.evidence import BY_REPORTER, BY_STAFF, BY_VICTIM
from portal.services.cases import scope as queue_scope
from portal.services.evidence.limits import describe_size
from portal.services.evidence.records import find_on_report, for_report, storage, type_label
from portal.services.evidence.serve import Quarantined, Served, prepare
from portal.services.evidence.types import Kind
from portal.services.staff import audit

_UPLOADERS = {BY_REPORTER: "The reporter, with the report", BY_VICTIM: "The victim, on their case page"}


def staff_can_see(staff: StaffUser, report: Report) -> bool:
    """The same rule as the staff report page: in the viewer's wards or boroughs, or assigned to them."""
    return queue_scope.can_view(staff, report)


# What a member of staff did with a file, as the audit log names it.
PREVIEWED, VIEWED, DOWNLOADED = "evidence.preview_viewed", "evidence.viewed", "evidence.downloaded"


def for_staff(
    staff: StaffUser, report_id: int, evidence_id: int, purpose: str, *, viewable_only: bool = False
) -> Evidence | None:
    """The file, if it is on that report, `staff` may see the report, and it is not quarantined (nor, with
    `viewable_only`, a type that only downloads); None otherwise (the route's 404). Access is audited as `purpose`."""
    report = session.get(Report, report_id)
    if report is None or not staff_can_see(staff, report):
        return None
    evidence = find_on_report(report, evidence_id)
    if evidence is None or evidence.quarantined or (viewable_only and not viewable(evidence)):
        return None
    audit.record(
        staff,
        purpose,
        "evidence",
        evidence.id,
        detail=f"report_id={evidence.report_id}, sha256={evidence.sha256}",
        borough_id=borough_of(evidence),
    )
    return evidence


def viewable(evidence: Evidence) -> bool:
    """Images and PDFs open in the browser (in a sandbox); everything else downloads."""
    return evidence.kind == Kind.IMAGE or evidence.mime == "application/pdf"


def victim_may_see(evidence: Evidence) -> bool:
    """The one rule for what a victim is shown of their case's files, on the case page and when downloading: what
    they sent (with the report or since), never a file staff added (internal to the case) nor a quarantined one."""
    return evidence.uploaded_by != BY_STAFF and not evidence.quarantined


def for_victim(report: Report, evidence_id: int) -> Evidence | None:
    """A file of the report of the victim's case session that they may see (victim_may_see); None otherwise."""
    evidence = find_on_report(report, evidence_id)
    return evidence if evidence is not None and victim_may_see(evidence) else None


def borough_of(evidence: Evidence) -> int | None:
    """The borough an audit record about this file is filed under (its report's ward's borough)."""
    report = session.get(Report, evidence.report_id) if evidence.report_id else None
    return report.ward.borough_id if report is not None and report.ward is not None else None


@dataclass(frozen=True)
class Listed:
    """One row of the staff evidence list."""

    evidence: Evidence
    type: str
    size: str
    uploaded_by: str
    uploaded_at: datetime
    viewable: bool  # images and PDFs open in the browser; everything else downloads
    has_preview: bool


def listing(report: Report) -> list[Listed]:
    files = for_report(report)
    staff_ids = {e.uploaded_by_staff_id for e in files if e.uploaded_by_staff_id is not None}
    names = dict(session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(staff_ids))).all())
    return [
        Listed(
            evidence=evidence,
            type=type_label(evidence.mime),
            size=describe_size(evidence.size),
            uploaded_by=_uploader(evidence, names),
            uploaded_at=evidence.uploaded_at,
            viewable=viewable(evidence),
            has_preview=evidence.preview_key is not None and not evidence.quarantined,
        )
        for evidence in files
    ]


def _uploader(evidence: Evidence, names: dict[int, str]) -> str:
    if evidence.uploaded_by == BY_STAFF:
        return names.get(evidence.uploaded_by_staff_id or 0, "A member of staff")
    return _UPLOADERS.get(evidence.uploaded_by, evidence.uploaded_by)


def served(evidence: Evidence, *, preview: bool = False, download: bool = False) -> Served:
    """The file (or its clean preview) opened with the evidence headers. Quarantined files raise Quarantined."""
    if preview:
        if not evidence.preview_key or not evidence.preview_mime:
            raise Quarantined()
        extension = ".png" if evidence.preview_mime == "image/png" else ".jpg"
        return prepare(
            storage(),
            evidence.preview_key,
            mime=evidence.preview_mime,
            display_name=f"preview-{evidence.id}{extension}",
            quarantined=evidence.quarantined,
        )
    return prepare(
        storage(),
        evidence.storage_key,
        mime=evidence.mime,
        display_name=evidence.display_name,
        size=evidence.size,
        quarantined=evidence.quarantined,
        download=download,
    )
