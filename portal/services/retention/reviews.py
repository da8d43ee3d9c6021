"""Reviews the retention schedule asks for (Management of Police Information): the disposal job flags a report, and
an information rights officer decides. Keeping it restarts its retention clock (it comes back for review after the
rule's period again); disposing of it removes its personal details as anonymisation does. Each decision is a case
event and an audit record."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Report, RetentionReview, StaffUser
from portal.models.retention import REVIEW_DISPOSE, REVIEW_KEEP
from portal.services.cases import events
from portal.services.retention import holds, removal, schedule
from portal.services.staff import audit

DECISIONS = {
    REVIEW_KEEP: "Keep it: review it again after the rule's period",
    REVIEW_DISPOSE: "Remove its personal details now",
}
LIMIT = 200


class ReviewError(ValueError):
    """Why the decision cannot be recorded, in words for the member of staff."""


@dataclass(frozen=True)
class Waiting:
    review: RetentionReview
    report: Report
    rule: schedule.Rule | None
    held: bool


def waiting() -> list[Waiting]:
    """Reviews not yet decided, oldest first."""
    rows = session.execute(
        select(RetentionReview, Report)
        .join(Report, Report.id == RetentionReview.report_id)
        .where(RetentionReview.decided_at.is_(None))
        .options(joinedload(Report.ward))
        .order_by(RetentionReview.flagged_at, RetentionReview.id)
        .limit(LIMIT)
    ).all()
    rules = {rule.code: rule for rule in schedule.rules()}
    return [
        Waiting(review, report, rules.get(review.rule_code), holds.active_hold(report) is not None)
        for review, report in rows
    ]


def count_waiting() -> int:
    return int(session.scalar(select(func.count()).where(RetentionReview.decided_at.is_(None))) or 0)


def decide(review_id: int, by: StaffUser, decision: str, reason: str) -> Report:
    """Record a decision on a waiting review. Commits."""
    review = session.get(RetentionReview, review_id)
    if review is None or review.decided_at is not None:
        raise ReviewError("This review has already been decided")
    if decision not in DECISIONS:
        raise ReviewError("Select whether to keep the report or remove its personal details")
    report = session.get(Report, review.report_id)
    assert report is not None  # the review goes with its report
    if decision == REVIEW_DISPOSE and holds.active_hold(report) is not None:
        raise ReviewError("This report is on legal hold: it must be kept until the hold is lifted")
    now = clock.now()
    removal.begin_writing()
    if decision == REVIEW_DISPOSE:
        removal.anonymise_reports([report.id], now)
    else:
        report.retention_restarted_at = now
    review.decided_at, review.decided_by_id, review.decision, review.reason = now, by.id, decision, reason.strip()
    text = f"Retention review: {DECISIONS[decision].split(':')[0].lower()}. {reason.strip()}".strip()
    session.add(
        CaseEvent(
            report_id=report.id, kind=events.RETENTION_DECISION, public=False, text=text, actor_id=by.id, created_at=now
        )
    )
    session.commit()
    session.refresh(report)
    audit.record_report(by, "report.retention_reviewed", report, f"review {review.id}: {decision}")
    return report
