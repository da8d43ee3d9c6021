"""Dates and times as GOV.UK writes them, in London time: "27 November 2026", "2:05pm", "Friday 27 November 2026"."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from portal.core.clock import local


def time_of_day(value: datetime) -> str:
    """2pm or 2:05pm."""
    moment = local(value)
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def day(value: date) -> str:
    """Friday 27 November 2026."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def date_of(value: datetime) -> str:
    """27 November 2026."""
    moment = local(value)
    return f"{moment.day} {moment:%B %Y}"


def date_and_time(value: datetime) -> str:
    """27 November 2026, 2:05pm (the staff pages' form)."""
    return f"{date_of(value)}, {time_of_day(value)}"


def date_at_time(value: datetime) -> str:
    """27 November 2026 at 2:05pm (the victims' pages' form)."""
    return f"{date_of(value)} at {time_of_day(value)}"


def short_date(value: date | datetime) -> str:
    """27 Nov 2026: for tables where every row has a date."""
    day_of = local(value).date() if isinstance(value, datetime) else value
    return f"{day_of.day} {day_of:%b %Y}"


def short_date_and_time(value: datetime) -> str:
    """27 Nov, 2:05pm."""
    moment = local(value)
    return f"{moment.day} {moment:%b}, {time_of_day(value)}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        staff_time=time_of_day,
        staff_datetime=date_and_time,
        staff_short_date=short_date,
        staff_short_datetime=short_date_and_time,
        track_day=day,
        track_date=date_of,
        track_datetime=date_at_time,
    )
