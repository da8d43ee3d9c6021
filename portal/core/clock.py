"""Time, as the whole portal reads it: the current moment, London dates, and working days.

Dates are London dates: a victim told "by Friday" means Friday in London, whatever the server's time zone. Working
days skip weekends and England and Wales bank holidays (portal/data/bank_holidays_england_wales.csv). Every module
asks `clock.now()` for the time, so a test can move it for all of them at once.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
BANK_HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "data" / "bank_holidays_england_wales.csv"


def now() -> datetime:
    """The current time (UTC, aware). Everything in the portal reads the time here, so tests can move it."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; every time the portal stores is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """The moment in London time (a stored naive time is UTC)."""
    return aware(moment).astimezone(LONDON)


@cache
def bank_holidays() -> frozenset[date]:
    with BANK_HOLIDAYS_FILE.open(newline="", encoding="utf-8") as handle:
        return frozenset(date.fromisoformat(row["date"]) for row in csv.DictReader(handle))


def london_date(moment: datetime) -> date:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(LONDON).date()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count, as in "within 5 working days")."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or the month's last day when it is
    shorter: 31 August plus 6 months is 28 February (29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (following - timedelta(days=1)).day))


def is_overdue(due: date, now: datetime) -> bool:
    return london_date(now) > due
