"""Evidence files on the staff report page: a clean thumbnail, viewing in the browser (images and PDFs only, in a
sandbox) and downloading. Only staff who may see the report reach a file (anyone else gets 404, as if it did not
exist); quarantined files are never served; every file served is audited (security checks 9, 25 and 30)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.cases import bp
from portal.models import Evidence
from portal.services.evidence import access
from portal.services.staff.permissions import REPORTS_VIEW
from portal.web.access import requires
from portal.web.files import send_evidence


def _file(report_id: int, evidence_id: int, purpose: str, *, viewable_only: bool = False) -> Evidence:
    evidence = access.for_staff(current_user, report_id, evidence_id, purpose, viewable_only=viewable_only)
    return evidence or abort(404)


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/thumbnail")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_thumbnail(report_id: int, evidence_id: int):
    return send_evidence(_file(report_id, evidence_id, access.PREVIEWED), preview=True)


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/view")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_view(report_id: int, evidence_id: int):
    # Only images and PDFs open in the browser; everything else only downloads.
    return send_evidence(_file(report_id, evidence_id, access.VIEWED, viewable_only=True))


@bp.get("/reports/<int:report_id>/evidence/<int:evidence_id>/download")
@requires(REPORTS_VIEW, audit_view=False)
def evidence_download(report_id: int, evidence_id: int):
    return send_evidence(_file(report_id, evidence_id, access.DOWNLOADED), download=True)
