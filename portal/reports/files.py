"""The evidence step's buttons: upload files to the draft, and remove one. The step's page itself is served by the
report routes like any other step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request

from portal.extensions import limiter
from portal.forms.reports import SaveForm
from portal.models import ReportDraft
from portal.report_types.evidence_step import REFUSED_FLASH, SELECT_A_FILE, EvidenceStep
from portal.reports import bp, drafts, flow, groups
from portal.services.evidence import records as evidence_records


def _evidence_place(type_slug: str, step_id: str) -> flow.Place:
    where = flow.place(type_slug, step_id)
    if not isinstance(where.step, EvidenceStep):
        abort(404)
    return where


@bp.post("/report/<type_slug>/<step_id>/files")
@limiter.limit("60 per minute")  # a script sends one request per file; far more is someone filling the disk
def upload_files(type_slug: str, step_id: str):
    """Attach the chosen file(s); "Continue" also finishes the step. JavaScript posts here one file at a time."""
    where = _evidence_place(type_slug, step_id)
    if (blocked := flow.blocked_url(where)) is not None:
        return redirect(blocked)
    result = _receive(where)
    if wants_json():
        for message in result.messages:
            flash(message, REFUSED_FLASH)  # shown on the page the script reloads
        return jsonify(attached=result.attached, errors=result.messages), 422 if result.messages else 200
    if result.messages:
        return _refused_page(where, result.messages)
    if request.form.get("action") == "continue":
        evidence_records.mark_continued(result.draft, where.step.id)
        return redirect(flow.after(where.report_type, result.draft.answers, where.step))
    if not result.attached:
        return _refused_page(where, [SELECT_A_FILE])
    return redirect(flow.step_url(where.report_type, where.step))


@bp.post("/report/<type_slug>/<step_id>/files/<int:evidence_id>/remove")
def remove_file(type_slug: str, step_id: str, evidence_id: int):
    where = _evidence_place(type_slug, step_id)
    if not SaveForm.continue_form().validate_on_submit():
        abort(400)
    if where.draft is None or not evidence_records.remove_from_draft(where.draft, evidence_id, where.step.id):
        abort(404)
    return redirect(flow.step_url(where.report_type, where.step))


@dataclass
class UploadResult:
    draft: ReportDraft
    attached: list[str] = field(default_factory=list)  # names of the files now on the draft
    messages: list[str] = field(default_factory=list)  # refusals and warnings, each naming its file


def wants_json() -> bool:
    """The page's script asks for JSON; a browser without JavaScript asks for a page."""
    return request.accept_mimetypes.best == "application/json"


def _receive(where: flow.Place) -> UploadResult:
    assert where.step is not None
    form = where.step.make_form(where.answer, where.answers, formdata=request.form)
    if not form.validate():
        abort(400)
    draft = where.draft or drafts.current_or_new(where.report_type.slug)
    result = UploadResult(draft)
    for upload in request.files.getlist("file"):
        if not upload.filename and not upload.content_length:
            continue  # the empty part a browser sends when no file was chosen
        outcome = evidence_records.attach_to_draft(draft, upload, where.step.id)
        if outcome.evidence is not None:
            result.attached.append(outcome.evidence.display_name)
        if outcome.message:
            result.messages.append(outcome.message)
    return result


def _refused_page(where: flow.Place, messages: list[str]) -> Any:
    """The evidence page again, with what is attached now and an error summary naming each refused file."""
    assert where.step is not None
    form = where.step.make_form(where.answer, where.answers)
    form.file.errors = list(messages)
    return render_template(where.step.template, form=form, **groups.context(where))
