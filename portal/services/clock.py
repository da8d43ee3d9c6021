"""Deadlines the staff view shows: the 24-hour crime recording clock and the Victims' Code update clock.

Dates are London dates: a victim told "by Friday" means Friday in London, whatever the server's time zone. Working
days skip weekends and England and Wales bank holidays (portal/data/bank_holidays_england_wales.csv).
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
BANK_HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "data" / "bank_holidays_england_wales.csv"

# National Crime Recording Standard: a reported crime is recorded within 24 hours of the report.
RECORDING_WINDOW = timedelta(hours=24)
# Victims' Code Right 6: told of key decisions within 5 working days, or 1 under enhanced rights.
NOTIFICATION_WORKING_DAYS = 5
ENHANCED_NOTIFICATION_WORKING_DAYS = 1


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


def recording_deadline(received_at: datetime) -> datetime:
    return received_at + RECORDING_WINDOW


def notification_due(event_at: datetime, enhanced: bool) -> date:
    """When the victim must be told of a Right 6 decision (arrest, charge, bail, decision not to investigate)."""
    days = ENHANCED_NOTIFICATION_WORKING_DAYS if enhanced else NOTIFICATION_WORKING_DAYS
    return add_working_days(london_date(event_at), days)


def next_update_due(last_update_at: datetime, interval_days: int) -> date:
    """The regular update agreed with the victim: `interval_days` calendar days after the last public update."""
    return london_date(last_update_at) + timedelta(days=interval_days)


def is_overdue(due: date, now: datetime) -> bool:
    return london_date(now) > due
