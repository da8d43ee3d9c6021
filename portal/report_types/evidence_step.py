"""The evidence step shared by the report types: add files one at a time (or several with JavaScript), see what is
attached, remove one, continue.

A custom step: its page is reports/evidence.html, its upload and remove buttons post to portal/reports/files.py,
and its answer is the list of files on the draft ({"files": [...], "continued": bool}), kept up to date by
services/evidence/records.py whenever a file is added or removed. Attaching files is optional, so the step
never blocks the journey; check-your-answers lists the files with a change link back to this page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, get_flashed_messages, has_request_context
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from werkzeug.datastructures import CombinedMultiDict
from wtforms import Form

from portal.forms.base import BaseForm
from portal.forms.domain import ACCEPT_ATTRIBUTE, ACCEPTED_SENTENCE, Limits, describe_size
from portal.journeys import Answers, Row, Step

STEP_ID = "evidence-files"
# Refusals from uploads made with JavaScript, shown on the page it reloads.
REFUSED_FLASH = "evidence-refused"
SELECT_A_FILE = "Select a file to upload"


class EvidenceUploadForm(BaseForm):
    file = FileField("Upload a file", widget=GovFileInput())


@dataclass(frozen=True)
class EvidenceStep(Step):
    template: str = "reports/evidence.html"
    # What this kind of report might have, shown above the upload: "dash-cam footage, photos of the damage".
    suggestions: str = ""

    def is_complete(self, answer: Any) -> bool:
        return True  # optional: a report without files is a whole report

    def make_form(self, answer: Any, answers: Answers, formdata: Any = None, csrf: bool = True) -> Form:
        if formdata is not None and has_request_context():
            from flask import request

            formdata = CombinedMultiDict((request.files, formdata))
        form = self.form(formdata=formdata, meta={"csrf": csrf})
        form.journey_answers = answers  # type: ignore[attr-defined]
        form.attached = files_of(answer)  # type: ignore[attr-defined]
        form.limits = Limits.from_config(current_app.config).sentence()  # type: ignore[attr-defined]
        form.accepted = ACCEPTED_SENTENCE  # type: ignore[attr-defined]
        form.accept_attribute = ACCEPT_ATTRIBUTE  # type: ignore[attr-defined]
        if formdata is None and has_request_context():
            # Kept as process errors, so they survive the page re-checking a stored answer before it is shown.
            form.file.process_errors.extend(get_flashed_messages(category_filter=[REFUSED_FLASH]))
            form.file.errors = list(form.file.process_errors)
        return form

    def answer_from(self, form: Form, previous: Any) -> Any:
        return {"files": files_of(previous), "continued": True}

    def validate_answer(self, answer: Any, answers: Answers) -> bool:
        return answer is None or (isinstance(answer, dict) and isinstance(answer.get("files", []), list))

    def rows(self, answer: Any, answers: Answers) -> list[Row]:
        files = files_of(answer)
        value = "\n".join(describe(item) for item in files) if files else "No files added"
        return [Row(key="Files", value=value, step_id=self.id, raw=files)]


def files_of(answer: Any) -> list[dict[str, Any]]:
    files = answer.get("files") if isinstance(answer, dict) else None
    return list(files) if isinstance(files, list) else []


def describe(item: dict[str, Any]) -> str:
    """'dashcam.mp4 (MP4 video, 14.2 MB)'."""
    text = f"{item.get('name', 'file')} ({item.get('type', 'file')}, {describe_size(int(item.get('size') or 0))})"
    return text + " – not accepted: it failed a virus check" if item.get("quarantined") else text


def evidence_step(suggestions: str, title: str = "Upload evidence") -> EvidenceStep:
    return EvidenceStep(STEP_ID, EvidenceUploadForm, title, suggestions=suggestions, button="Continue")
