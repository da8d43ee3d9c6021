"""The columns of the queue's CSV export: what a supervisor needs to work a list, not the victim's account."""

from __future__ import annotations

from datetime import datetime

from portal.models import Report
from portal.services import case_clock, references, triage
from portal.services import case_states as states
from portal.services.case_view import flags, type_label

HEADER = (
    "Reference",
    "Type",
    "Ward",
    "Status",
    "Outcome",
    "Grading",
    "Enhanced rights",
    "Received",
    "Recording deadline",
    "Officer",
    "Next update due",
    "Flags",
    "Place",
)


def row_of(report: Report, now: datetime) -> list[object]:
    clocks = case_clock.clocks(report, now)
    outcome = states.OUTCOMES.get(report.outcome or "")
    return [
        references.display(report.reference),
        type_label(report.report_type),
        report.ward.name if report.ward else "",
        states.label(report.status),
        outcome.label if outcome else "",
        triage.grading_label(report.grading) if report.grading else "",
        "Yes" if report.enhanced_rights else "No",
        clocks.received_at.isoformat(timespec="minutes"),
        clocks.recording_deadline.isoformat(timespec="minutes"),
        report.assigned_to.name if report.assigned_to else "",
        report.next_update_due.isoformat() if report.next_update_due else "",
        "; ".join(flags(report)),
        report.place_description or "",
    ]
