"""THRIVE triage: Threat, Harm, Risk, Investigation, Vulnerability, Engagement, each a short choice with the officer's
note, a grading and a required reason. Every grading is a new row (re-grading keeps history); the report carries the
current one in columns the queue sorts on. Vulnerability escalates: a vulnerable victim always has enhanced rights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, CaseTriage, Report, StaffUser
from portal.services.cases import events, states
from portal.services.cases import transitions as cases
from portal.services.staff import audit

# (code, label) per THRIVE element.
LEVELS = [("none", "None identified"), ("low", "Low"), ("medium", "Medium"), ("high", "High")]
ELEMENTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "threat": ("Threat", LEVELS),
    "harm": ("Harm", LEVELS),
    "risk": ("Risk", LEVELS),
    "investigation": (
        "Investigation",
        [("none", "No lines of enquiry"), ("some", "Some lines of enquiry"), ("strong", "Strong lines of enquiry")],
    ),
    "vulnerability": (
        "Vulnerability",
        [("none", "None identified"), ("possible", "Possibly vulnerable"), ("vulnerable", "Vulnerable")],
    ),
    "engagement": (
        "Engagement",
        [("engaged", "Willing to engage"), ("reluctant", "Reluctant"), ("not-contactable", "Cannot be contacted")],
    ),
}
VULNERABLE = "vulnerable"
# The grading form's first choice, for the many reports that need no more: no threat, harm, risk or vulnerability
# identified and a victim willing to engage, in one answer. The officer still judges the lines of enquiry, the grading,
# enhanced rights and the reason; any element can still be assessed on its own instead.
NOTHING_IDENTIFIED: dict[str, str] = {
    "threat": "none",
    "harm": "none",
    "risk": "none",
    "vulnerability": "none",
    "engagement": "engaged",
}


@dataclass(frozen=True)
class Grading:
    code: str
    label: str
    rank: int  # 1 is the most urgent
    description: str


GRADINGS: dict[str, Grading] = {
    g.code: g
    for g in (
        Grading("immediate", "Immediate", 1, "Attend now: a risk to life or of serious harm."),
        Grading("priority", "Priority", 2, "Attend within hours: a risk that needs action today."),
        Grading("standard", "Standard", 3, "Investigate in the normal way; contact within 48 hours."),
        Grading("scheduled", "Scheduled", 4, "Book an appointment with the victim."),
        Grading("no-attendance", "No police attendance", 5, "Deal with it without attending, or refer it."),
    )
}


def urgency(grading: str | None, vulnerable: bool) -> int:
    """The queue's sort key, lower first: ungraded reports first (they must be triaged within 24 hours), then by
    grading; within each, vulnerable victims before others."""
    rank = GRADINGS[grading].rank if grading else 0
    return rank * 2 + (0 if vulnerable else 1)


def choice_label(element: str, code: str) -> str:
    return dict(ELEMENTS[element][1]).get(code, code)


def grading_label(code: str | None) -> str:
    return GRADINGS[code].label if code in GRADINGS else "Not graded"


def grade(report: Report, by: StaffUser, fields: dict[str, Any]) -> CaseTriage:
    """Record a THRIVE grading (and move a received or reopened report to triaged). Commits."""
    vulnerable = fields["vulnerability"] == VULNERABLE
    # Vulnerability escalates: enhanced rights cannot be refused to a victim graded vulnerable.
    enhanced = bool(fields.get("enhanced_rights")) or vulnerable
    triage = CaseTriage(
        report_id=report.id,
        graded_at=clock.now(),
        graded_by_id=by.id,
        grading=fields["grading"],
        enhanced_rights=enhanced,
        reason=fields["reason"],
        **{name: fields[name] for name in ELEMENTS},
        **{f"{name}_note": fields.get(f"{name}_note") or None for name in ELEMENTS},
    )
    session.add(triage)
    first = report.triaged_at is None
    report.grading, report.vulnerable, report.enhanced_rights = triage.grading, vulnerable, enhanced
    report.urgency = urgency(triage.grading, vulnerable)
    summary = f"{'Graded' if first else 'Re-graded'} {grading_label(triage.grading)}"
    if enhanced:
        summary += " (enhanced rights)"
    session.add(
        CaseEvent(
            report_id=report.id,
            kind=events.TRIAGE,
            public=False,
            text=f"{summary}. {triage.reason}",
            actor_id=by.id,
            created_at=triage.graded_at,
        )
    )
    if report.status == states.RECEIVED:
        report.triaged_at = triage.graded_at
        cases.transition(
            report, states.TRIAGED, by=by, reason=triage.reason, public=True, commit=False, at=triage.graded_at
        )
    session.commit()
    audit.record_report(by, "report.triaged", report, f"grading={triage.grading}")
    return triage


def history(report: Report) -> list[CaseTriage]:
    """Every grading of the report, newest (current) first."""
    return list(
        session.scalars(
            select(CaseTriage)
            .where(CaseTriage.report_id == report.id)
            .order_by(CaseTriage.graded_at.desc(), CaseTriage.id.desc())
        )
    )
