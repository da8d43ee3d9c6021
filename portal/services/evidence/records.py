"""Evidence files on drafts and reports: attach, remove, move at submission, list, purge, serve.

The evidence library (portal/services/evidence/) decides whether bytes are acceptable and stores them; this module
records them against a draft or a report. A file uploaded while a report is being written belongs to its draft and
is moved to the report in the same transaction that writes the report (`move_to_report`, called by
`services.reports.submit`). Files of drafts that are never sent are deleted with the draft.

While a file is on a draft, the evidence step's answer in the draft keeps a short list of what is attached (name,
size, type), so check-your-answers and the report's stored record list the files without another query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Protocol

from flask import current_app
from sqlalchemy import bindparam, select, update

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Evidence, Report, ReportDraft
from portal.models.evidence import BY_REPORTER, BY_STAFF, BY_VICTIM
from portal.models.staff import StaffUser
from portal.services.cases import events
from portal.services.evidence import (
    Kind,
    Received,
    Refused,
    Storage,
    budget,
    make_preview,
    receive,
    storage_for,
)
from portal.services.evidence.limits import describe_size
from portal.services.evidence.names import clean_name
from portal.services.evidence.types import ALLOWED
from portal.services.reporting import drafts

log = logging.getLogger(__name__)

_LABELS = {file_type.mime: file_type.label for file_type in reversed(ALLOWED)}


class Upload(Protocol):
    """What an uploaded file offers (Werkzeug's FileStorage)."""

    stream: BinaryIO
    filename: str | None
    content_length: int


@dataclass(frozen=True)
class Outcome:
    """What became of one uploaded file: the Evidence row (None if refused) and any message for the uploader."""

    evidence: Evidence | None
    message: str | None = None  # a refusal or a quarantine warning, naming the file

    @property
    def accepted(self) -> bool:
        return self.evidence is not None and not self.evidence.quarantined


def storage() -> Storage:
    return storage_for(current_app)


def type_label(mime: str) -> str:
    """'JPG photo', 'PDF document': how a type is named to people."""
    return _LABELS.get(mime, "file")


def size_label(size: int) -> str:
    return describe_size(size)


# ---- On a draft, while the report is being written -------------------------------------------------------------


def for_draft(draft: ReportDraft | None) -> list[Evidence]:
    if draft is None or draft.id is None:
        return []
    return list(session.scalars(select(Evidence).where(Evidence.draft_id == draft.id).order_by(Evidence.id)))


def attach_to_draft(draft: ReportDraft, upload: Upload, step_id: str) -> Outcome:
    """Receive one file onto `draft` and list it in the evidence step's answer. Commits."""
    session.flush()  # a new draft needs its id
    outcome = _receive(upload, for_draft(draft), BY_REPORTER, staff_id=None)
    if outcome.evidence is not None:
        outcome.evidence.draft_id = draft.id
        session.add(outcome.evidence)
        session.flush()
        _list_in_answer(draft, step_id)
    session.commit()
    return outcome


def remove_from_draft(draft: ReportDraft, evidence_id: int, step_id: str) -> bool:
    """Take a file off a draft before the report is sent: the row and its bytes go. Commits."""
    evidence = session.scalar(select(Evidence).where(Evidence.id == evidence_id, Evidence.draft_id == draft.id))
    if evidence is None:
        return False
    keys = [evidence.storage_key, evidence.preview_key]
    session.delete(evidence)
    session.flush()
    _list_in_answer(draft, step_id)
    session.commit()
    _delete_bytes(keys)
    return True


def mark_continued(draft: ReportDraft, step_id: str) -> None:
    """The reporter has finished adding files: the step is answered (with any files it lists). Commits."""
    _list_in_answer(draft, step_id, continued=True)
    session.commit()


def _list_in_answer(draft: ReportDraft, step_id: str, continued: bool | None = None) -> None:
    previous = draft.answers.get(step_id) if isinstance(draft.answers.get(step_id), dict) else {}
    answer = {
        "files": [summary(evidence) for evidence in for_draft(draft)],
        "continued": bool(previous.get("continued")) if continued is None else continued,
    }
    draft.answers = {**draft.answers, step_id: answer}  # a new dict, so the JSON column is seen to change
    draft.expires_at = _draft_expiry()  # adding a file is a change: the draft's 30 days start again


def summary(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "name": evidence.display_name,
        "size": evidence.size,
        "type": type_label(evidence.mime),
        "quarantined": evidence.quarantined,
    }


def _draft_expiry() -> datetime:
    return clock.now() + drafts.lifetime()


def move_to_report(draft: ReportDraft, report: Report) -> int:
    """Hand the draft's files to the report it became. Does not commit: submission commits it with the report."""
    result = session.execute(_MOVE_TO_REPORT, {"from_draft": draft.id, "to_report": report.id})
    return int(result.rowcount or 0)


# Built once, on the table (not the model, whose bulk-update machinery costs more than the statement): it runs on
# every submission with files.
_MOVE_TO_REPORT = (
    update(Evidence.__table__)
    .where(Evidence.__table__.c.draft_id == bindparam("from_draft"))
    .values(report_id=bindparam("to_report"), draft_id=None)
)


# ---- On a report ------------------------------------------------------------------------------------------------


def for_report(report: Report) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.report_id == report.id).order_by(Evidence.id)))


def find_on_report(report: Report, evidence_id: int) -> Evidence | None:
    return session.scalar(select(Evidence).where(Evidence.id == evidence_id, Evidence.report_id == report.id))


def attach(report: Report, upload: Upload, by: StaffUser | str = BY_VICTIM) -> Outcome:
    """Add a file to a sent report ("add information" on the case page, or staff adding one) and record an
    "evidence_added" event in its history. `by` is the member of staff, or "victim". Commits."""
    staff = by if isinstance(by, StaffUser) else None
    uploaded_by = BY_STAFF if staff is not None else (by if by in (BY_VICTIM, BY_REPORTER) else BY_VICTIM)
    outcome = _receive(upload, for_report(report), uploaded_by, staff_id=staff.id if staff else None)
    if outcome.evidence is not None:
        evidence = outcome.evidence
        evidence.report_id = report.id
        session.add(evidence)
        session.add(
            CaseEvent(
                report_id=report.id,
                kind=events.EVIDENCE_ADDED,
                public=staff is None,  # the victim sees what they added; staff additions stay internal
                text=f"File added: {evidence.display_name}",
                actor_id=staff.id if staff else None,
            )
        )
    session.commit()
    return outcome


# ---- Receiving and deleting bytes -------------------------------------------------------------------------------


def _receive(upload: Upload, existing: Iterable[Evidence], uploaded_by: str, staff_id: int | None) -> Outcome:
    store = storage()
    refused = budget.refusal(clean_name(upload.filename), upload.content_length, store)
    if refused is not None:
        return Outcome(None, refused)
    result = receive(upload.stream, upload.filename, upload.content_length, list(existing), storage=store)
    if isinstance(result, Refused):
        return Outcome(None, result.message)
    # A browser rarely declares a file's size: with the size now known, the budget is checked again.
    refused = budget.refusal(result.display_name, result.size, store, received=True)
    if refused is not None:
        store.delete(result.key)
        return Outcome(None, refused)
    budget.spend(result.size)
    evidence = _evidence_from(result, uploaded_by, staff_id)
    if not result.quarantined and result.kind is Kind.IMAGE:
        _add_preview(store, evidence)
    return Outcome(evidence, result.warning)


def _evidence_from(result: Received, uploaded_by: str, staff_id: int | None) -> Evidence:
    return Evidence(
        storage_key=result.key,
        display_name=result.display_name,
        size=result.size,
        mime=result.mime,
        kind=str(result.kind),
        sha256=result.sha256,
        scan_status=str(result.scan.status),
        scan_detail=result.scan.detail[:200] or None,
        quarantined=result.quarantined,
        uploaded_by=uploaded_by,
        uploaded_by_staff_id=staff_id,
        uploaded_at=clock.now(),
    )


def _add_preview(store: Storage, evidence: Evidence) -> None:
    """A metadata-free copy for staff thumbnails, made once on receipt; the original is never touched."""
    with store.open(evidence.storage_key) as original:
        preview = make_preview(original)
    if preview is not None:
        evidence.preview_key = store.put(preview.data)
        evidence.preview_mime = preview.mime


def _delete_bytes(keys: Iterable[str | None]) -> None:
    store = storage()
    for key in keys:
        if key:
            try:
                store.delete(key)
            except (OSError, KeyError) as error:  # one unreadable file must not stop the rest being deleted
                log.warning("evidence file %s not deleted: %s", key, type(error).__name__)
