"""The retention schedule's rules on their own: periods by the calendar, which rule wins for a report, what each kind
of record can take, the defaults file, and the subject access deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from portal.services.retention import kinds, schedule
from portal.services.retention.access_requests import due_date
from portal.services.retention.schedule import ScheduleError


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "value", "unit", "expected"),
    [
        ("2030-06-15T12:00:00", 30, "days", "2030-05-16T12:00:00"),
        ("2030-06-15T12:00:00", 6, "years", "2024-06-15T12:00:00"),
        ("2028-02-29T09:00:00", 1, "years", "2027-02-28T09:00:00"),  # no 29 February that year
        ("2030-03-31T00:00:00", 1, "months", "2030-02-28T00:00:00"),
        ("2030-01-15T00:00:00", 3, "months", "2029-10-15T00:00:00"),
        ("2030-01-15T00:00:00", -13, "months", "2031-02-15T00:00:00"),  # forwards: when a record falls due
    ],
)
def test_periods_count_by_the_calendar(start, value, unit, expected):
    assert schedule.period_before(moment(start), value, unit) == moment(expected)


def test_the_defaults_file_holds_a_valid_rule_for_every_kind_of_record():
    rules = schedule.defaults()
    for rule in rules:
        kinds.check(rule)  # raises for a trigger, action or period the kind cannot take
    assert {rule.record_kind for rule in rules} == set(kinds.KINDS)
    assert len({rule.code for rule in rules}) == len(rules)
    assert all(rule.source and rule.description for rule in rules)


def test_the_most_specific_rule_wins_for_a_report():
    by_code = {rule.code: rule for rule in schedule.defaults()}
    asb, information = by_code["reports-asb-information"], by_code["reports-information-only"]
    other, crime = by_code["reports-other-closed"], by_code["reports-recorded-crime"]
    assert kinds.precedes(asb, information) and not kinds.precedes(information, asb)
    assert kinds.precedes(information, other) and kinds.precedes(crime, other)
    assert not kinds.precedes(asb, asb)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"trigger": "exported"}, "Select what starts the clock for reports"),
        ({"record_kind": "outbox", "trigger": "created"}, "Select what happens to emails at the end of the period"),
        ({"period_value": 0}, "Enter a period of at least 1 day"),
        ({"period_value": 11, "period_unit": "months"}, "Reports must be kept for at least 1 year"),
        (
            {
                "record_kind": "audit_events",
                "trigger": "created",
                "action": "delete",
                "period_value": 23,
                "period_unit": "months",
            },
            "Audit log must be kept for at least 2 years",
        ),
        ({"record_kind": "letters"}, "Records of kind 'letters' are not known to the disposal job"),
    ],
)
def test_a_rule_a_kind_cannot_take_is_refused_in_words(change, message):
    rule = next(rule for rule in schedule.defaults() if rule.code == "reports-information-only")
    with pytest.raises(ScheduleError, match=message):
        kinds.check(replace(rule, **change))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 4, 27), date(2026, 5, 27)),  # the same date next month
        (date(2026, 1, 31), date(2026, 3, 2)),  # no 31 February: the 28th, a Saturday, so the Monday after
        (date(2026, 7, 31), date(2026, 9, 1)),  # 31 August 2026 is a bank holiday
        (date(2026, 12, 24), date(2027, 1, 25)),  # into the next year; the 24th is a Sunday
    ],
)
def test_a_subject_access_answer_is_due_a_calendar_month_later_on_a_working_day(received, due):
    assert due_date(received) == due


def test_docs_list_the_defaults_as_the_file_defines_them():
    """docs/retention.md's table of defaults says what portal/data/retention_schedule.toml does."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "retention.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| `")]
    documented = {cells[0].strip().strip("`"): [c.strip() for c in cells[2:]] for cells in rows}
    assert documented == {
        rule.code: [rule.trigger.replace("_", " "), rule.period_text, rule.action] for rule in schedule.defaults()
    }
