"""Evidence files for residents: the upload and remove buttons of a report's evidence step, and a victim's download
of their own case's files."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, request

from portal.evidence import bp
from portal.evidence.uploads import refused_page, upload_files, wants_json
from portal.extensions import limiter
from portal.forms.report_types.evidence_step import REFUSED_FLASH, SELECT_A_FILE, EvidenceStep
from portal.reports import flow
from portal.reports.forms import SaveForm
from portal.security import no_store
from portal.services import evidence_access, evidence_files
from portal.services.evidence.limits import describe_size

bp.add_app_template_global(describe_size, "evidence_size")


@bp.before_request
def _personal() -> None:
    no_store()


def _evidence_place(type_slug: str, step_id: str) -> flow.Place:
    where = flow.place(type_slug, step_id)
    if not isinstance(where.step, EvidenceStep):
        abort(404)
    return where


@bp.post("/report/<type_slug>/<step_id>/files")
@limiter.limit("60 per minute")  # a script sends one request per file; far more is someone filling the disk
def upload(type_slug: str, step_id: str):
    """Attach the chosen file(s); "Continue" also finishes the step. JavaScript posts here one file at a time."""
    where = _evidence_place(type_slug, step_id)
    if (blocked := flow.blocked_url(where)) is not None:
        return redirect(blocked)
    result = upload_files(where)
    if wants_json():
        for message in result.messages:
            flash(message, REFUSED_FLASH)  # shown on the page the script reloads
        return jsonify(attached=result.attached, errors=result.messages), 422 if result.messages else 200
    if result.messages:
        return refused_page(where, result.messages)
    if request.form.get("action") == "continue":
        evidence_files.mark_continued(result.draft, where.step.id)
        return redirect(flow.after(where.report_type, result.draft.answers, where.step))
    if not result.attached:
        return refused_page(where, [SELECT_A_FILE])
    return redirect(flow.step_url(where.report_type, where.step))


@bp.post("/report/<type_slug>/<step_id>/files/<int:evidence_id>/remove")
def remove(type_slug: str, step_id: str, evidence_id: int):
    where = _evidence_place(type_slug, step_id)
    if not SaveForm.continue_form().validate_on_submit():
        abort(400)
    if where.draft is None or not evidence_files.remove_from_draft(where.draft, evidence_id, where.step.id):
        abort(404)
    return redirect(flow.step_url(where.report_type, where.step))


@bp.get("/track/evidence/<int:evidence_id>")
def victim_download(evidence_id: int):
    """A file of the victim's own case, for the case session only; any other file is not found (check 10)."""
    from portal.services.tracking.sessions import current_report

    evidence = evidence_access.for_victim(current_report(), evidence_id)
    if evidence is None:
        abort(404)
    return evidence_access.response(evidence, download=True)
