from datetime import UTC, date, datetime

import pytest

from portal.core import clock
from portal.services.cases import clocks


def test_bank_holiday_file_has_the_published_2026_dates():
    holidays_2026 = sorted(d for d in clock.bank_holidays() if d.year == 2026)
    assert holidays_2026 == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: substitute Monday
    ]


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday + 5 working days = next Monday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 = Monday (weekend skipped)
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday + 1 = Monday
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Day (Fri) and Boxing Day substitute (Mon 28th)
        (date(2026, 12, 23), 5, date(2027, 1, 4)),  # over Christmas and New Year's Day
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 11, 26), 0, date(2026, 11, 26)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, days, expected):
    assert clock.add_working_days(start, days) == expected


def test_working_days_between_is_the_inverse_of_add_working_days():
    start = date(2026, 12, 20)
    for days in range(0, 15):
        assert clock.working_days_between(start, clock.add_working_days(start, days)) == days


def test_notification_due_uses_one_working_day_under_enhanced_rights():
    # 23:30 UTC on Thursday 24 December 2026 is still the 24th in London (GMT).
    event = datetime(2026, 12, 24, 23, 30, tzinfo=UTC)
    assert clocks.notification_due(event, enhanced=True) == date(2026, 12, 29)
    assert clocks.notification_due(event, enhanced=False) == date(2027, 1, 5)


def test_london_date_uses_british_summer_time():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    assert clock.london_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    with pytest.raises(ValueError):
        clock.london_date(datetime(2026, 6, 30, 23, 30))


def test_next_update_due_and_overdue():
    last = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    due = clocks.next_update_due(last, 28)
    assert due == date(2026, 11, 29)
    assert not clock.is_overdue(due, datetime(2026, 11, 29, 23, 0, tzinfo=UTC))
    assert clock.is_overdue(due, datetime(2026, 11, 30, 0, 1, tzinfo=UTC))


def test_recording_deadline_is_24_hours_after_receipt():
    received = datetime(2026, 11, 26, 9, 15, tzinfo=UTC)
    assert clocks.recording_deadline(received) == datetime(2026, 11, 27, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 10), 6, date(2026, 11, 10)),
        (date(2026, 5, 10), -6, date(2025, 11, 10)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # a shorter month: its last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert clock.add_months(day, months) == expected
