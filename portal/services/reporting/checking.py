"""Checking a draft's answers: once when check your answers shows them, and again at submission only if anything
the check read has changed since.

Checking rebuilds every visible step's form from its stored answer and validates it exactly as its page did, and
the same forms give the rows of the summary: most of the work of showing check your answers and of sending a
report. What it finds depends only on the visible answers as stored, the code that checks them (the release), the
public content (the wards a report may name) and the date (a date may not be in the future). So when check your
answers finds every answer valid, the draft keeps the rows with a fingerprint of all of those (`report_draft.checked`,
written by the server only, never from what a browser sends). Submission takes the rows from there when its own
fingerprint is the same, and otherwise checks every answer again: an answer changed in another tab, a new release,
a change of ward or midnight each change the fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.core import clock
from portal.db import session
from portal.journeys import ReportType, Step
from portal.journeys.navigation import Sections, fingerprint, review, sections_from, stored_sections
from portal.models import ReportDraft
from portal.services import public_content
from portal.services.rendered_pages import release


@dataclass
class Checked:
    report_type: ReportType
    stored: list[dict[str, Any]]  # the sections as the report's record keeps them
    invalid: list[Step] = field(default_factory=list)  # visible steps whose answers fail their page's checks
    made: Sections | None = None  # the sections, when the check was made now rather than kept

    @property
    def sections(self) -> Sections:
        """Each step's rows, for check your answers (submission needs only `stored`)."""
        return self.made if self.made is not None else sections_from(self.report_type, self.stored)


def check(report_type: ReportType, draft: ReportDraft) -> Checked:
    """The draft's answers checked, from what check your answers kept when nothing has changed since."""
    return _check(report_type, draft, _fingerprint(report_type, draft))


def check_and_keep(report_type: ReportType, draft: ReportDraft) -> Checked:
    """The draft's answers checked for check your answers: kept with the draft when all are valid and what was kept
    no longer matches (committed), so pressing "Send report" need not check them again."""
    current = _fingerprint(report_type, draft)
    found = _check(report_type, draft, current)
    kept = draft.checked or {}
    if not found.invalid and kept.get("fingerprint") != current:
        draft.checked = {"fingerprint": current, "sections": found.stored}
        session.commit()
    return found


def _check(report_type: ReportType, draft: ReportDraft, current: str) -> Checked:
    kept = draft.checked or {}
    if kept.get("fingerprint") == current:
        return Checked(report_type, kept["sections"])
    invalid, sections = review(report_type, draft.answers)
    return Checked(report_type, stored_sections(sections), invalid, sections)


def _fingerprint(report_type: ReportType, draft: ReportDraft) -> str:
    context = f"{release()}\0{public_content.version()}\0{clock.london_date(clock.now()).isoformat()}"
    return fingerprint(report_type, draft.answers, context)
