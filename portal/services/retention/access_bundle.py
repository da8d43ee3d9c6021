"""The subject access bundle: a ZIP with a readable HTML summary, the same data as JSON, and the person's own evidence
files. It is marked FOR REVIEW throughout: a reviewer redacts third parties' details (suspects, witnesses, other
people named in the answers) and applies any exemption before anything is released.

Files staff added to a case, and files a virus check flagged, are listed but not included; other people's reports
that name the person appear by reference only.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from typing import IO, Any

from flask import current_app

from portal.core import clock
from portal.models import Evidence, Report, StaffUser, SubjectAccessRequest
from portal.models.evidence import BY_STAFF
from portal.services.cases import events, states
from portal.services.cases.staff_view import answer_sections, type_label
from portal.services.cases.timeline import history
from portal.services.evidence import storage_for
from portal.services.reporting import references
from portal.services.retention.access_search import Found
from portal.services.staff import audit

FOR_REVIEW = (
    "FOR REVIEW - NOT FOR RELEASE. Redact the details of anyone else (suspects, witnesses, other people named) and "
    "apply any exemption (Data Protection Act 2018 s.45(4)) before this is sent to the person."
)
# Spooled in memory up to this size, then on disk: a bundle can hold hundreds of megabytes of video.
SPOOL_BYTES = 16 * 1024 * 1024


def file_name(request: SubjectAccessRequest) -> str:
    return f"subject-access-{request.id}-for-review.zip"


def build(by: StaffUser, request: SubjectAccessRequest, found: Found) -> IO[bytes]:
    """The bundle, rewound and ready to send. Audited with what it holds (counts, never content)."""
    data = bundle_data(request, found)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the response to close
    folder = f"subject-access-{request.id}"
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"{folder}/summary.html", _html(data))
        bundle.writestr(f"{folder}/data.json", json.dumps(data, indent=2, ensure_ascii=False, default=_plain))
        store = storage_for(current_app)
        for report in found.reports:
            for evidence in found.evidence.get(report.id, []):
                path = _included_path(report, evidence)
                if path is not None:
                    with store.open(evidence.storage_key) as source, bundle.open(f"{folder}/{path}", "w") as target:
                        shutil.copyfileobj(source, target)
    spool.seek(0)
    audit.record(by, "subject_access.bundle_downloaded", "subject_access_request", request.id, detail=found.summary())
    return spool


def bundle_data(request: SubjectAccessRequest, found: Found) -> dict[str, Any]:
    """Everything in the bundle, as plain data: the JSON file, and what the HTML summary shows."""
    return {
        "status": FOR_REVIEW,
        "request": {
            "number": request.id,
            "received_on": request.received_on,
            "due_on": request.due_on,
            "searched_for": {"email": request.email, "phone": request.phone},
            "generated_at": clock.now(),
        },
        "reports": [_report(report, found) for report in found.reports],
        "emails": [
            {
                "subject": m.subject,
                "to": m.to_address,
                "queued_at": m.created_at,
                "sent_at": m.sent_at,
                "status": m.status,
                "text": m.body_text,
            }
            for m in found.messages
        ],
        "priority_feedback": [
            {"given_at": f.created_at, "issues": f.issues.split(","), "comment": f.comment} for f in found.feedback
        ],
        "named_in_other_reports": [
            {"reference": references.display(r.reference), "type": type_label(r.report_type), "named_as": source}
            for r, source in found.mentions
        ],
        "restricted_reports_not_shown": found.restricted_withheld,
    }


def _report(report: Report, found: Found) -> dict[str, Any]:
    outcome = states.OUTCOMES.get(report.outcome or "")
    return {
        "reference": references.display(report.reference),
        "type": type_label(report.report_type),
        "sent_at": report.submitted_at,
        "status": states.label(report.status),
        "outcome": outcome.label if outcome else None,
        "ward": report.ward.name if report.ward else None,
        "place": report.place_description,
        "postcode": report.postcode,
        "contact": {
            "name": report.reporter_name,
            "email": report.reporter_email,
            "phone": report.reporter_phone,
            "preferred": report.preferred_contact,
            "times": report.contact_times,
            "not_safe": list(report.unsafe_channels or []),
        },
        "answers": [
            {
                "section": s.get("title"),
                "rows": [{"question": r.get("question"), "answer": r.get("answer")} for r in s.get("rows", [])],
            }
            for s in answer_sections(report)
        ],
        "history": [
            {
                "at": entry.event.created_at,
                "what": events.victim_heading(entry.event.kind) if entry.event.public else entry.label,
                "text": entry.event.text,
                "shown_to_them": entry.event.public,
            }
            for entry in history(report)
        ],
        "files": [_file(report, evidence) for evidence in found.evidence.get(report.id, [])],
        "sign_in_links": [
            {"issued_at": t.created_at, "expired_at": t.expires_at, "used_at": t.used_at}
            for t in found.sign_in_links.get(report.id, [])
        ],
        "case_sessions": [
            {"started_at": s.created_at, "last_seen_at": s.last_seen_at, "ended_at": s.ended_at}
            for s in found.sessions.get(report.id, [])
        ],
    }


def _file(report: Report, evidence: Evidence) -> dict[str, Any]:
    path = _included_path(report, evidence)
    withheld = None
    if evidence.uploaded_by == BY_STAFF:
        withheld = "added by staff: for the reviewer to decide"
    elif evidence.quarantined:
        withheld = "flagged by the virus check: not included"
    return {
        "name": evidence.display_name,
        "type": evidence.mime,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_at": evidence.uploaded_at,
        "in_bundle_as": path,
        "not_included": withheld,
    }


def _included_path(report: Report, evidence: Evidence) -> str | None:
    """Where the person's own file goes in the bundle, or None when it is not included."""
    if evidence.uploaded_by == BY_STAFF or evidence.quarantined:
        return None
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", evidence.display_name).strip("._") or "file"
    return f"evidence/{references.display(report.reference)}/{evidence.id}-{safe}"


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return clock.aware(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _html(data: dict[str, Any]) -> str:
    template = current_app.jinja_env.get_template("information_rights/bundle_summary.html")
    return template.render(data=data, when=_plain)
