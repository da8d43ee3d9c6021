"""Opening hours read in London time, with bank holidays; "24 hours a day" only when every day says so."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.services.front_counters import hours

WEEKDAYS = dict.fromkeys(hours.DAYS[:5], "10:00-22:00")
WEEKENDS = {"saturday": "09:00-19:00", "sunday": "09:00-19:00"}
USUAL = {**WEEKDAYS, **WEEKENDS}  # the 25 counters that are not open all day (2026)
ALL_DAY = dict.fromkeys((*hours.DAYS, hours.BANK_HOLIDAYS), "24 hours")


def london(text: str) -> datetime:
    """A London wall-clock time as the UTC moment the clock would give."""
    from portal.core.clock import LONDON

    return datetime.fromisoformat(text).replace(tzinfo=LONDON).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "stored", "label"),
    [
        ("24 hours", "24 hours", "Open 24 hours"),
        (" Closed ", "closed", "Closed"),
        ("10:00-22:00", "10:00-22:00", "10am to 10pm"),
        ("9:00 - 19:00", "09:00-19:00", "9am to 7pm"),
        ("09:30-12:00, 13:00-24:00", "09:30-12:00, 13:00-24:00", "9:30am to midday, 1pm to midnight"),
    ],
)
def test_hours_are_read_stored_and_worded(text, stored, label):
    opening = hours.parse(text)
    assert opening.text() == stored
    assert opening.label() == label


@pytest.mark.parametrize(
    "text", ["all day", "10-22", "22:00-10:00", "10:00-25:00", "10:00-12:00, 11:00-13:00", "9:75-10:00"]
)
def test_wrong_hours_are_refused_with_a_reason(text):
    with pytest.raises(ValueError):
        hours.parse(text)


def test_open_and_closed_on_a_weekday_in_british_summer_time():
    # Thursday 2 July 2026: 21:30 in London is 20:30 UTC. A server reading UTC would think it closes in 90 minutes.
    assert hours.today(USUAL, london("2026-07-02T21:30")).status == "Open now until 10pm"
    closed = hours.today(USUAL, london("2026-07-02T22:00"))
    assert closed.open_now is False and closed.status == "Closed now, opens tomorrow at 10am"
    assert hours.today(USUAL, london("2026-07-02T08:00")).status == "Closed now, opens at 10am today"


def test_weekend_hours_apply_at_the_weekend():
    saturday = hours.today(USUAL, london("2026-07-04T18:59"))
    assert (saturday.day_name, saturday.hours, saturday.open_now) == ("Saturday", "9am to 7pm", True)
    assert hours.today(USUAL, london("2026-07-04T19:00")).open_now is False


def test_a_bank_holiday_without_hours_in_the_data_is_not_guessed():
    # Monday 31 August 2026 is the summer bank holiday: the counter's Monday hours are not assumed.
    holiday = hours.today(USUAL, london("2026-08-31T12:00"))
    assert holiday.day_name == "Monday (bank holiday)"
    assert holiday.open_now is None and "not known" in holiday.status
    assert hours.today({**USUAL, "bank_holidays": "closed"}, london("2026-08-31T12:00")).open_now is False
    assert hours.today(USUAL, london("2026-09-01T12:00")).open_now is True  # the Tuesday after: weekday hours


def test_only_every_day_and_bank_holidays_all_day_is_always_open():
    assert hours.always_open(ALL_DAY)
    assert not hours.always_open({**ALL_DAY, "bank_holidays": ""})
    assert not hours.always_open({key: value for key, value in ALL_DAY.items() if key != "bank_holidays"})
    assert not hours.always_open({**ALL_DAY, "sunday": "09:00-19:00"})
    assert not hours.always_open(USUAL)


def test_a_week_of_hours_says_what_is_not_known():
    assert hours.week(USUAL)[-1] == ("Bank holidays", "Not known")
    assert hours.week(ALL_DAY)[0] == ("Monday", "Open 24 hours")
