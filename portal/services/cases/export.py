"""The columns of the queue's CSV export: what a supervisor needs to work a list, not the victim's account."""

from __future__ import annotations

from datetime import datetime

from portal.core.csv import to_csv
from portal.models import Report, StaffUser
from portal.report_types import REPORT_TYPES
from portal.report_types.hate_crime import STRAND_LABELS
from portal.services.cases import clocks as case_clock
from portal.services.cases import states, triage
from portal.services.cases.queue import Filters, export_rows
from portal.services.cases.staff_view import answer_sections, flags, support_referral, type_label
from portal.services.reporting import references
from portal.services.staff import audit

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
    "Hate crime strands",
    "Support referral",
    "Details",
    "Place",
)


def csv_for(viewer: StaffUser, filters: Filters, now: datetime) -> str:
    """Every report the queue's filters match, as safe CSV (check 20). The export is audited with its filters and
    size (check 30)."""
    rows = [row_of(report, now) for report in export_rows(viewer, filters, now)]
    # What was searched for may be a name or an address: the record says only that there was a search.
    args = {key: "(search)" if key == "q" else value for key, value in filters.as_args().items()}
    detail = ", ".join(f"{k}={v}" for k, v in args.items()) + f"; {len(rows)} rows"
    audit.record(viewer, "reports.exported", "queue", None, detail)
    return to_csv(HEADER, rows)


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
        "; ".join(STRAND_LABELS.get(strand, strand) for strand in report.hate_crime_strands or []),
        "; ".join(support_referral(report)),
        details(report),
        report.place_description or "",
    ]


def details(report: Report) -> str:
    """The type's own fields (its `export_steps`), as the stored record has them: "Make: Trek; Frame number: ..."."""
    report_type = REPORT_TYPES.get(report.report_type)
    wanted = report_type.export_steps if report_type else ()
    parts = []
    for section in answer_sections(report):
        if section.get("step") in wanted:
            for row in section.get("rows") or []:
                answer = ", ".join(str(row.get("answer", "")).split("\n"))
                parts.append(f"{row.get('question')}: {answer}")
    return "; ".join(parts)
