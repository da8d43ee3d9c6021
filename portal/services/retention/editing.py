"""Changing the retention schedule: an administrator's change to one rule's trigger, period, action or source, checked
against what the disposal job can do with that kind of record, and audited with what it was and what it became."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import RetentionRule, StaffUser
from portal.services.retention import kinds, schedule
from portal.services.retention.schedule import Rule, ScheduleError
from portal.services.staff import audit


def update(
    code: str, by: StaffUser, *, trigger: str, period_value: int, period_unit: str, action: str, source: str
) -> Rule:
    """Change one rule. Raises ScheduleError (with a message for the page) when the kind cannot take it. Commits."""
    current = schedule.rule(code)
    if current is None:
        raise ScheduleError("There is no such rule in the retention schedule")
    changed = replace(
        current, trigger=trigger, period_value=period_value, period_unit=period_unit, action=action, source=source
    )
    kinds.check(changed)
    schedule.ensure_defaults()
    row = session.scalar(select(RetentionRule).where(RetentionRule.code == code))
    if row is None:  # a local rule deleted meanwhile
        raise ScheduleError("There is no such rule in the retention schedule")
    row.trigger, row.period_value, row.period_unit = trigger, period_value, period_unit
    row.action, row.source, row.updated_by_id, row.updated_at = action, source, by.id, clock.now()
    session.commit()
    audit.record(by, "retention.rule_changed", "retention_rule", code, detail=f"{_said(current)} -> {_said(changed)}")
    return changed


def _said(rule: Rule) -> str:
    return f"{rule.action} {rule.period_text} after {rule.trigger}"


def choices(rule: Rule) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The triggers and actions the rule's kind allows, with their labels, for the edit form."""
    kind = kinds.KINDS[rule.record_kind]
    triggers = [(code, f"When {schedule.TRIGGER_LABELS[code]}") for code in kind.triggers]
    actions = [(code, schedule.ACTION_LABELS[code]) for code in kind.actions]
    return triggers, actions
