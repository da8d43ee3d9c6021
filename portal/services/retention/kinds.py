"""What the retention schedule can say about each kind of record, and which records a rule finds due.

A kind names its table, the columns that can start its clock, the actions it allows and the shortest period it
takes. A record that belongs to a report (its evidence, sign-in links, case sessions, the emails carrying its links)
is kept while that report is kept: held, restricted, or with its clock restarted (a lifted hold, a review's decision
to keep it) since the rule's cutoff.

Reports also match on type and outcome. When several rules match a report, the most specific wins (a named type
before any type, named outcomes before "open" or "closed"; then the earlier rule), so each report has one rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, true, union

from portal.db import session
from portal.models import (
    AuditEvent,
    Evidence,
    LegalHold,
    OutboxMessage,
    PriorityFeedback,
    Report,
    ReportDraft,
    RetentionReview,
    StaffEnrolmentLink,
    StaffSession,
    SubjectAccessRequest,
    TrackSession,
    TrackSignInToken,
)
from portal.services.mail import links
from portal.services.retention.schedule import (
    ANONYMISE,
    CLOSED,
    CLOSED_REPORTS,
    CREATED,
    DELETE,
    EXPORTED,
    LAST_CHANGE,
    OPEN_REPORTS,
    REVIEW,
    UNITS,
    Rule,
    ScheduleError,
)

Conditions = Callable[[Rule, Sequence[Rule], datetime], list[ColumnElement[bool]]]


@dataclass(frozen=True)
class RecordKind:
    code: str
    label: str  # how staff pages name the records
    model: Any
    triggers: Mapping[str, Any]  # trigger -> the column holding when it happened
    actions: tuple[str, ...] = (DELETE,)
    minimum_days: int = 1
    report_id: Any = None  # the report the record belongs to, if any
    conditions: Conditions | None = None  # anything else a record must be to be due


def _not_pending(_rule: Rule, _rules: Sequence[Rule], _cutoff: datetime) -> list[ColumnElement[bool]]:
    # An email still waiting to go (or be retried) is not a copy of something sent: it stays until it is.
    return [OutboxMessage.status != "pending"]


def _feedback(rule: Rule, _rules: Sequence[Rule], _cutoff: datetime) -> list[ColumnElement[bool]]:
    # Anonymising feedback removes what the resident wrote and keeps the issues they chose (counted per ward).
    return [PriorityFeedback.comment.is_not(None)] if rule.action == ANONYMISE else []


def _reports(rule: Rule, rules: Sequence[Rule], cutoff: datetime) -> list[ColumnElement[bool]]:
    earlier = [other for other in rules if other.record_kind == "reports" and precedes(other, rule)]
    conditions = [
        matches(rule),
        *(~matches(other) for other in earlier),
        Report.anonymised_at.is_(None),
        Report.restricted.is_not(True),
        or_(Report.retention_restarted_at.is_(None), Report.retention_restarted_at < cutoff),
        Report.id.not_in(active_holds()),
    ]
    if rule.trigger == CLOSED:
        conditions.append(Report.closed_at.is_not(None))  # the retention index's own condition, word for word
    if rule.action == REVIEW:
        waiting = select(RetentionReview.report_id).where(RetentionReview.decided_at.is_(None))
        conditions.append(Report.id.not_in(waiting))
    return conditions


KINDS: dict[str, RecordKind] = {
    kind.code: kind
    for kind in (
        RecordKind(
            "reports",
            "Reports",
            Report,
            {CREATED: Report.submitted_at, CLOSED: Report.closed_at, LAST_CHANGE: Report.updated_at},
            (DELETE, ANONYMISE, REVIEW),
            minimum_days=365,
            conditions=_reports,
        ),
        RecordKind(
            "drafts", "Drafts", ReportDraft, {CREATED: ReportDraft.created_at, LAST_CHANGE: ReportDraft.updated_at}
        ),
        RecordKind(
            "evidence", "Evidence files", Evidence, {EXPORTED: Evidence.exported_at}, report_id=Evidence.report_id
        ),
        RecordKind(
            "outbox",
            "Emails",
            OutboxMessage,
            {CREATED: OutboxMessage.created_at},
            # Emails are attached to a report through the sign-in link they carry.
            report_id=case((OutboxMessage.link_kind == links.TRACK_SIGN_IN, OutboxMessage.link_for_id)),
            conditions=_not_pending,
        ),
        RecordKind(
            "track_tokens",
            "Sign-in links",
            TrackSignInToken,
            {CREATED: TrackSignInToken.created_at},
            report_id=TrackSignInToken.report_id,
        ),
        RecordKind(
            "track_sessions",
            "Case sessions",
            TrackSession,
            {CREATED: TrackSession.created_at, LAST_CHANGE: TrackSession.last_seen_at},
            report_id=TrackSession.report_id,
        ),
        RecordKind(
            "staff_sessions",
            "Staff sessions",
            StaffSession,
            {CREATED: StaffSession.created_at, LAST_CHANGE: StaffSession.last_seen_at},
        ),
        RecordKind(
            "staff_enrolment_links",
            "Staff enrolment links",
            StaffEnrolmentLink,
            {CREATED: StaffEnrolmentLink.created_at},
        ),
        RecordKind(
            "priority_feedback",
            "Priority feedback",
            PriorityFeedback,
            {CREATED: PriorityFeedback.created_at},
            (DELETE, ANONYMISE),
            conditions=_feedback,
        ),
        RecordKind(
            "subject_access",
            "Subject access requests",
            SubjectAccessRequest,
            {CREATED: SubjectAccessRequest.created_at, CLOSED: SubjectAccessRequest.completed_at},
        ),
        # Never less than two years: on PostgreSQL the audit log's trigger refuses to delete younger records.
        RecordKind("audit_events", "Audit log", AuditEvent, {CREATED: AuditEvent.occurred_at}, minimum_days=730),
    )
}


def check(rule: Rule) -> None:
    """Raise ScheduleError unless the rule's kind allows its trigger, action and period."""
    kind = KINDS.get(rule.record_kind)
    if kind is None:
        raise ScheduleError(f"Records of kind {rule.record_kind!r} are not known to the disposal job")
    if rule.trigger not in kind.triggers:
        raise ScheduleError(f"Select what starts the clock for {kind.label.lower()}")
    if rule.action not in kind.actions:
        raise ScheduleError(f"Select what happens to {kind.label.lower()} at the end of the period")
    if rule.period_unit not in UNITS or rule.period_value < 1:
        raise ScheduleError("Enter a period of at least 1 day")
    if rule.minimum_days() < kind.minimum_days:
        raise ScheduleError(f"{kind.label} must be kept for at least {_days_text(kind.minimum_days)}")


def _days_text(days: int) -> str:
    return f"{days // 365} year{'s' if days >= 730 else ''}" if days % 365 == 0 else f"{days} days"


def active_holds() -> Select[tuple[int]]:
    return select(LegalHold.report_id).where(LegalHold.lifted_at.is_(None))


def kept_reports(cutoff: datetime) -> Any:
    """Ids of the reports whose records are kept for now: held, restricted, or restarted since `cutoff`."""
    restricted = select(Report.id).where(Report.restricted == true())
    restarted = select(Report.id).where(Report.retention_restarted_at >= cutoff)
    return union(active_holds(), restricted, restarted)


def due_ids(rule: Rule, rules: Sequence[Rule], now: datetime, after: int, limit: int) -> list[int]:
    """The ids of up to `limit` records due under `rule`, above `after`, in id order (so a run that stops part-way
    continues from where it was, and a batch never reads the rows of the batch before)."""
    kind = KINDS[rule.record_kind]
    cutoff = rule.cutoff(now)
    identity = kind.model.id
    conditions = [kind.triggers[rule.trigger] < cutoff, identity > after]
    if kind.conditions is not None:
        conditions += kind.conditions(rule, rules, cutoff)
    if kind.report_id is not None:
        subquery = select(kept_reports(cutoff).subquery().c[0])
        conditions.append(or_(kind.report_id.is_(None), kind.report_id.not_in(subquery)))
    return list(session.scalars(select(identity).where(*conditions).order_by(identity).limit(limit)))


# ---- Which reports a rule covers ------------------------------------------------------------------------------


def specificity(rule: Rule) -> int:
    named_outcomes = any(word not in (OPEN_REPORTS, CLOSED_REPORTS) for word in rule.outcomes)
    return (2 if rule.report_type else 0) + (1 if named_outcomes else 0)


def precedes(first: Rule, second: Rule) -> bool:
    """Whether `first` wins over `second` for a report both match."""
    if first.code == second.code:
        return False
    return (-specificity(first), first.sort_order, first.code) < (-specificity(second), second.sort_order, second.code)


def matches(rule: Rule) -> ColumnElement[bool]:
    """The reports `rule` names by type and outcome (never NULL, so it can be negated)."""
    by_type: ColumnElement[bool] = Report.report_type == rule.report_type if rule.report_type else true()
    if not rule.outcomes:
        return by_type
    outcome = func.coalesce(Report.outcome, "")
    parts: list[ColumnElement[bool]] = []
    codes = [word for word in rule.outcomes if word not in (OPEN_REPORTS, CLOSED_REPORTS)]
    if codes:
        parts.append(outcome.in_(codes))
    if OPEN_REPORTS in rule.outcomes:
        parts.append(Report.closed_at.is_(None))
    if CLOSED_REPORTS in rule.outcomes:
        parts.append(Report.closed_at.is_not(None))
    return and_(by_type, or_(false(), *parts))
