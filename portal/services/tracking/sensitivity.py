"""Which reports are sensitive: their pages offer "Exit this page", since an abuser may be watching.

Sensitivity is data on the report type (`ReportType.sensitive`, a rule over the answers), and a report is also
sensitive when the reporter marked any way of contacting them as unsafe.
"""

from __future__ import annotations

from portal.journeys import Answers
from portal.models import Report
from portal.report_types import REPORT_TYPES


def is_sensitive(report: Report) -> bool:
    if report.unsafe_channels:
        return True
    report_type = REPORT_TYPES.get(report.report_type)
    if report_type is None:  # a type this deployment no longer offers
        return False
    stored = report.answers or {}
    return bool(report_type.sensitive(Answers(stored.get("answers") or {})))


def type_name(report: Report) -> str:
    report_type = REPORT_TYPES.get(report.report_type)
    return report_type.name if report_type else report.report_type.replace("-", " ")
