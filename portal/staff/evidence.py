"""Evidence files on the staff report page: a clean thumbnail, viewing in the browser (images and PDFs only, in a
sandbox) and downloading. Only staff who may see the report reach a file (anyone else gets 404, as if it did not
exist); quarantined files are never served; every file served is audited (security checks 9, 25 and 30)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.models import Evidence, Report, StaffUser
from portal.services import evidence_access
from portal.services.evidence.types import Kind
from portal.services.staff import audit
from portal.services.staff.permissions import REPORTS_VIEW, requires
from portal.staff import bp

VIEWABLE_MIMES = ("application/pdf",)


@bp.record_once
def _setup(state) -> None:  # type: ignore[no-untyped-def]
    # staff/_report_evidence.html is included with only `report` and `viewer`; it reads its rows through this.
    state.app.jinja_env.globals["report_evidence"] = _listing


def _listing(report: Report, viewer: StaffUser) -> list[evidence_access.Listed]:
    return evidence_access.listing(report) if evidence_access.staff_can_see(viewer, report) else []


def _file(report_id: int, evidence_id: int) -> Evidence:
    evidence = evidence_access.for_staff(current_user, report_id, evidence_id)
    if evidence is None or evidence.quarantined:
        abort(404)
    return evidence


def _served(evidence: Evidence, action: str, **options: bool):  # type: ignore[no-untyped-def]
    response = evidence_access.response(evidence, **options)
    audit.record(
        current_user,
        action,
        "evidence",
        evidence.id,
        detail=f"report_id={evidence.report_id}, sha256={evidence.sha256}",
        borough_id=evidence_access.borough_of(evidence),
    )
    return response


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/thumbnail")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_thumbnail(report_id: int, evidence_id: int):
    return _served(_file(report_id, evidence_id), "evidence.preview_viewed", preview=True)


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/view")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_view(report_id: int, evidence_id: int):
    evidence = _file(report_id, evidence_id)
    if evidence.kind != Kind.IMAGE and evidence.mime not in VIEWABLE_MIMES:
        abort(404)  # everything else only downloads
    return _served(evidence, "evidence.viewed")


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/download")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_download(report_id: int, evidence_id: int):
    return _served(_file(report_id, evidence_id), "evidence.downloaded", download=True)
