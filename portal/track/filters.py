"""Dates as GOV.UK writes them, in London time: "27 November 2026", "27 November 2026 at 2:05pm"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

LONDON = ZoneInfo("Europe/London")


def _local(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LONDON)


def track_day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def track_date(value: datetime) -> str:
    local = _local(value)
    return f"{local.day} {local:%B %Y}"


def track_datetime(value: datetime) -> str:
    local = _local(value)
    hour, suffix = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    time = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    return f"{local.day} {local:%B %Y} at {time}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(track_day=track_day, track_date=track_date, track_datetime=track_datetime)
