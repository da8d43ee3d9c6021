"""Erasure and restriction of a report (Data Protection Act 2018 s.47), and marking evidence exported.

- Erase: a report made in error or maliciously goes entirely, its evidence files first, with the emails in the outbox
  that name it; the audit record keeps its reference, who erased it and why. A held report cannot be erased until
  its hold is lifted.
- Restrict: the report is kept but hidden from every staff view except information rights, and left out of the
  queue's counts, exports and statistics (services/cases/scope.py); the disposal job leaves it alone.
- Exported: an officer has copied a file into the force's evidence system, so the schedule's evidence rule may remove
  the portal's copy before the report goes.
"""

from __future__ import annotations

from datetime import datetime

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Evidence, Report, StaffUser
from portal.services.cases import events
from portal.services.evidence.records import find_on_report
from portal.services.reporting import references
from portal.services.retention import holds, removal
from portal.services.staff import audit


class RecordsError(ValueError):
    """Why the action cannot be done, in words for the member of staff."""


def erase(report: Report, by: StaffUser, reason: str) -> str:
    """Delete the report and everything attached to it. Returns its reference, for the confirmation. Commits."""
    if not reason.strip():
        raise RecordsError("Enter why the report is being erased")
    if holds.active_hold(report) is not None:
        raise RecordsError("This report is on legal hold: lift the hold before erasing it")
    removal.begin_writing()
    report_id, reference = report.id, references.display(report.reference)
    borough_id = report.ward.borough_id if report.ward is not None else None
    counts = removal.delete_reports([report_id])
    emails = removal.delete_emails_about(reference)
    session.commit()
    session.expunge(report)
    files = counts["evidence files deleted"]
    detail = f"reference {reference}; {files} files; {emails} emails; reason: {reason.strip()}"
    audit.record(by, "report.erased", "report", report_id, detail=detail, borough_id=borough_id)
    return reference


def restrict(report: Report, by: StaffUser, reason: str) -> None:
    """Restrict processing of the report. Commits."""
    _set_restricted(report, by, reason, restricted=True)


def lift_restriction(report: Report, by: StaffUser, reason: str) -> None:
    """Make a restricted report visible to its usual staff again. Commits."""
    _set_restricted(report, by, reason, restricted=False)


def _set_restricted(report: Report, by: StaffUser, reason: str, *, restricted: bool) -> None:
    if not reason.strip():
        raise RecordsError("Enter the reason for restricting the report" if restricted else "Enter the reason")
    if report.restricted == restricted:
        raise RecordsError("This report is already restricted" if restricted else "This report is not restricted")
    now = clock.now()
    report.restricted = restricted  # the queue's counts follow through the session's events (models/report_count.py)
    kind, label = (events.RESTRICTED, "Restricted") if restricted else (events.RESTRICTION_LIFTED, "Restriction lifted")
    session.add(_event(report, kind, f"{label}: {reason.strip()}", by, now))
    session.commit()
    audit.record_report(by, "report.restricted" if restricted else "report.restriction_lifted", report)


def mark_exported(report: Report, evidence_id: int, by: StaffUser) -> Evidence:
    """Record that a file of the report is now in the force's evidence system. Commits."""
    evidence = find_on_report(report, evidence_id)
    if evidence is None:
        raise RecordsError("There is no such file on this report")
    if evidence.exported_at is not None:
        raise RecordsError(f"{evidence.display_name} is already marked as copied to the evidence system")
    now = clock.now()
    evidence.exported_at, evidence.exported_by_id = now, by.id
    text = f"{evidence.display_name} (SHA-256 {evidence.sha256}) copied into the force's evidence system"
    session.add(_event(report, events.EVIDENCE_EXPORTED, text, by, now))
    session.commit()
    audit.record_report(by, "evidence.marked_exported", report, f"evidence {evidence.id}")
    return evidence


def _event(report: Report, kind: str, text: str, by: StaffUser, now: datetime) -> CaseEvent:
    return CaseEvent(report_id=report.id, kind=kind, public=False, text=text, actor_id=by.id, created_at=now)
