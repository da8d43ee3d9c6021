"""The privacy notice's "How long we keep it", generated from the retention schedule: each rule as the sentence the
notice shows, so the notice always says what the disposal job does (a test holds the two together)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.services.retention import schedule


@dataclass(frozen=True)
class NoticeRow:
    code: str
    what: str  # the records, as people know them
    how_long: str  # "6 years after it was closed"
    then: str  # what happens at the end


def how_long(rule: schedule.Rule) -> str:
    return f"{rule.period_text} after {schedule.TRIGGER_LABELS[rule.trigger]}"


def rows() -> list[NoticeRow]:
    return [
        NoticeRow(rule.code, rule.description, how_long(rule), schedule.ACTION_LABELS[rule.action])
        for rule in schedule.rules()
    ]
