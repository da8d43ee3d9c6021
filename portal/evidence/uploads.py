"""Taking the files out of an upload request and showing refusals on the evidence page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, render_template, request

from portal.models import ReportDraft
from portal.reports import flow, groups
from portal.services import drafts, evidence_files


@dataclass
class UploadResult:
    draft: ReportDraft
    attached: list[str] = field(default_factory=list)  # names of the files now on the draft
    messages: list[str] = field(default_factory=list)  # refusals and warnings, each naming its file


def wants_json() -> bool:
    """The page's script asks for JSON; a browser without JavaScript asks for a page."""
    return request.accept_mimetypes.best == "application/json"


def upload_files(where: flow.Place) -> UploadResult:
    assert where.step is not None
    form = where.step.make_form(where.answer, where.answers, formdata=request.form)
    if not form.validate():
        abort(400)
    draft = where.draft or drafts.current_or_new(where.report_type.slug)
    result = UploadResult(draft)
    for upload in request.files.getlist("file"):
        if not upload.filename and not upload.content_length:
            continue  # the empty part a browser sends when no file was chosen
        outcome = evidence_files.attach_to_draft(draft, upload, where.step.id)
        if outcome.evidence is not None:
            result.attached.append(outcome.evidence.display_name)
        if outcome.message:
            result.messages.append(outcome.message)
    return result


def refused_page(where: flow.Place, messages: list[str]) -> Any:
    """The evidence page again, with what is attached now and an error summary naming each refused file."""
    assert where.step is not None
    form = where.step.make_form(where.answer, where.answers)
    form.file.errors = list(messages)
    return render_template(where.step.template, form=form, **groups.context(where))
