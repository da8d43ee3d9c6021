"""Statuses, the transitions allowed between them, and closing outcomes: all data, so the rules read as a table.

Statuses are grouped open / closed / resolved (FixMyStreet's grouping). A closed case's group comes from its outcome:
"suspect charged" resolves a case; "no further action" closes it without resolving it.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN, CLOSED, RESOLVED = "open", "closed", "resolved"

RECEIVED = "received"
TRIAGED = "triaged"
ASSIGNED = "assigned"
INVESTIGATING = "investigating"
CLOSED_STATUS = "closed"
REFERRED = "referred"
REOPENED = "reopened"


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    group: str
    # What the victim is told when their case reaches this status.
    explanation: str
    # The action on the report page that moves a case here (grading, assigning), when it has one: the status form
    # does not offer the status, so the action's own rules (a THRIVE grading, an officer who covers the ward) hold.
    reached_by: str | None = None


STATUSES: dict[str, Status] = {
    s.code: s
    for s in (
        Status(RECEIVED, "Received", OPEN, "We have received your report and an officer will look at it."),
        Status(
            TRIAGED,
            "Triaged",
            OPEN,
            "An officer has looked at your report and decided what happens next.",
            reached_by="Grade the report (THRIVE) to triage it.",
        ),
        Status(
            ASSIGNED,
            "Assigned",
            OPEN,
            "Your case has been given to a named officer, who will keep you updated.",
            reached_by="Take the case, or assign it to an officer.",
        ),
        Status(INVESTIGATING, "Investigating", OPEN, "An officer is investigating your report."),
        Status(CLOSED_STATUS, "Closed", CLOSED, "Your case is closed."),
        Status(REFERRED, "Referred", CLOSED, "Your report has been passed to another organisation."),
        Status(REOPENED, "Reopened", OPEN, "Your case has been reopened and an officer will look at it again."),
    )
}

# The only moves a case can make. Closing and referring need an outcome; everything else needs a reason.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({TRIAGED}),
    TRIAGED: frozenset({ASSIGNED, INVESTIGATING, CLOSED_STATUS, REFERRED}),
    ASSIGNED: frozenset({INVESTIGATING, CLOSED_STATUS, REFERRED}),
    INVESTIGATING: frozenset({CLOSED_STATUS, REFERRED}),
    CLOSED_STATUS: frozenset({REOPENED}),
    REFERRED: frozenset({REOPENED}),
    REOPENED: frozenset({ASSIGNED, INVESTIGATING}),
}


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    status: str  # "closed" or "referred"
    group: str  # CLOSED or RESOLVED
    # The plain-English explanation the victim receives.
    explanation: str
    # A Right 6 decision (charge, decision not to investigate): the victim must be told within 5 working days, or 1
    # under enhanced rights.
    right6: bool = False


OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in (
        Outcome(
            "charged",
            "Suspect charged",
            CLOSED_STATUS,
            RESOLVED,
            "Someone has been charged with the offence you reported. The case now goes to court, and a witness care "
            "officer will contact you about what happens next.",
            right6=True,
        ),
        Outcome(
            "words-of-advice",
            "Resolved by words of advice",
            CLOSED_STATUS,
            RESOLVED,
            "An officer has spoken to the person responsible and warned them about their behaviour. We will act if it "
            "happens again, so please tell us if it does.",
        ),
        Outcome(
            "nfa-evidence",
            "No further action: evidence insufficient",
            CLOSED_STATUS,
            CLOSED,
            "We have looked carefully at everything available, but there is not enough evidence to take further "
            "action at the moment. If new information comes to light, we can look at your case again.",
            right6=True,
        ),
        Outcome(
            "nfa-suspect-not-identified",
            "No further action: suspect not identified",
            CLOSED_STATUS,
            CLOSED,
            "We have not been able to identify who was responsible. If you find out anything new, tell us and we "
            "will look at your case again.",
            right6=True,
        ),
        Outcome(
            "information-recorded",
            "Information recorded",
            CLOSED_STATUS,
            CLOSED,
            "We have recorded the information you gave us. It helps us understand what is happening in your area "
            "and plan patrols, even though it will not be investigated on its own.",
        ),
        Outcome(
            "referred-report-fraud",
            "Referred to Report Fraud",
            REFERRED,
            CLOSED,
            "We have passed your report to Report Fraud, the national fraud reporting centre, who deal with this kind "
            "of crime. They may contact you. You can call them on 0300 123 2040.",
        ),
        Outcome(
            "referred-council",
            "Referred to the council",
            REFERRED,
            CLOSED,
            "This is something your local council deals with, so we have passed your report to them. They may "
            "contact you about what they will do.",
        ),
    )
}


class TransitionNotAllowed(ValueError):
    """A status change that the allowed-transitions table does not permit, or one missing its outcome or reason."""


def status(code: str) -> Status:
    return STATUSES[code]


def label(code: str) -> str:
    found = STATUSES.get(code)
    return found.label if found else code.replace("-", " ").capitalize()


def is_allowed(before: str, after: str) -> bool:
    return after in ALLOWED_TRANSITIONS.get(before, frozenset())


def next_statuses(before: str) -> list[Status]:
    return [STATUSES[code] for code in STATUSES if is_allowed(before, code)]


def status_choices(before: str) -> list[Status]:
    """The statuses the status form offers from `before`: the allowed moves, less those that need an outcome (the
    closing form offers the outcomes) and those made by an action of their own (grading triages a report, assigning
    or taking a case assigns it)."""
    return [s for s in next_statuses(before) if s.reached_by is None and not outcomes_for(s.code)]


def closing_outcomes(before: str) -> list[Outcome]:
    """The outcomes a case may be given from `before`: those whose status (closed, referred) it may move to."""
    return [outcome for outcome in OUTCOMES.values() if is_allowed(before, outcome.status)]


def reached_by_actions(before: str) -> list[str]:
    """What to do to make the allowed moves the status form does not offer."""
    return [status.reached_by for status in next_statuses(before) if status.reached_by is not None]


def outcomes_for(status_code: str) -> list[Outcome]:
    return [outcome for outcome in OUTCOMES.values() if outcome.status == status_code]


def group(status_code: str, outcome_code: str | None = None) -> str:
    found = STATUSES.get(status_code)
    if found is None or found.group == OPEN:
        return OPEN
    outcome = OUTCOMES.get(outcome_code or "")
    return outcome.group if outcome else CLOSED


def open_statuses() -> list[str]:
    return [code for code, s in STATUSES.items() if s.group == OPEN]
