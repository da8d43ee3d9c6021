"""What the staff report page's "Records management" section shows: the retention rule that applies to the report
and when it falls due, any legal hold, a review waiting, and which files are marked as exported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import Evidence, LegalHold, Report, RetentionReview
from portal.services.retention import holds, kinds, schedule
from portal.services.retention.schedule import Rule


@dataclass(frozen=True)
class Panel:
    rule: Rule | None
    due_at: datetime | None  # when the rule's action falls due (None while the clock has not started)
    hold: LegalHold | None
    review_waiting: bool
    files: list[Evidence]


def rule_for(report: Report, rules: list[Rule] | None = None) -> Rule | None:
    """The rule the disposal job applies to the report: the first, most specific first, that matches it (asked of
    the database with the job's own conditions, so the page and the job cannot disagree)."""
    candidates = [rule for rule in (rules or schedule.rules()) if rule.record_kind == "reports"]
    for rule in sorted(candidates, key=lambda r: (-kinds.specificity(r), r.sort_order, r.code)):
        if session.scalar(select(Report.id).where(Report.id == report.id, kinds.matches(rule))) is not None:
            return rule
    return None


def due_at(report: Report, rule: Rule) -> datetime | None:
    started = getattr(report, kinds.KINDS["reports"].triggers[rule.trigger].key)
    if started is None:
        return None
    if report.retention_restarted_at is not None:
        started = max(clock.aware(started), clock.aware(report.retention_restarted_at))
    return schedule.period_before(clock.aware(started), -rule.period_value, rule.period_unit)


def panel(report: Report) -> Panel:
    rule = rule_for(report)
    waiting = session.scalar(
        select(RetentionReview.id).where(RetentionReview.report_id == report.id, RetentionReview.decided_at.is_(None))
    )
    files = list(session.scalars(select(Evidence).where(Evidence.report_id == report.id).order_by(Evidence.id)))
    return Panel(
        rule=rule,
        due_at=due_at(report, rule) if rule is not None else None,
        hold=holds.active_hold(report),
        review_waiting=waiting is not None,
        files=files,
    )
