"""The front counters a page shows: those still open (not closed for good), nearest a ward first, each with today's
hours and whether it is open now in London time.

The list is a few dozen rows: it is read whole and kept per process for WARD_PAGE_CACHE_SECONDS while the public
content keeps its version (like ward pages), while "open now" is worked out whenever a page is made, so a kept list
never shows a stale status (a page kept whole, by a process or by nginx, is at most its max-age old).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import FrontCounter, Ward
from portal.services import public_content
from portal.services.front_counters import hours as opening

MILES_PER_KM = 0.621371
EARTH_RADIUS_KM = 6371.0
SHOWN_NEAR_A_WARD = 3


@dataclass(frozen=True)
class Counter:
    """A counter as loaded: plain values, safe to keep between requests."""

    name: str
    borough: str
    address: str
    postcode: str
    lat: float
    lon: float
    hours: dict[str, str]
    step_free: bool | None
    closed_from: date | None


@dataclass(frozen=True)
class CounterView:
    """What a page shows for one counter."""

    name: str
    borough: str
    address: str
    postcode: str
    miles: float | None
    today: opening.Today
    week: list[tuple[str, str]]
    always_open: bool  # every day and bank holidays 24 hours: the only case a page may say "24 hours a day"
    step_free: bool | None


_cache: list[tuple[float, str, list[Counter]]] = []


def clear_cache() -> None:
    _cache.clear()


def _counters() -> list[Counter]:
    seconds = current_app.config["WARD_PAGE_CACHE_SECONDS"]
    version = public_content.version() if seconds else ""
    if seconds and _cache and _cache[0][0] > time.monotonic() and _cache[0][1] == version:
        return _cache[0][2]
    counters = [
        Counter(c.name, c.borough, c.address, c.postcode, c.lat, c.lon, dict(c.hours), c.step_free, c.closed_from)
        for c in session.scalars(select(FrontCounter).order_by(FrontCounter.name))
    ]
    if seconds:
        _cache[:] = [(time.monotonic() + seconds, version, counters)]
    return counters


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): ample for "which counter is nearest" within a city."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def open_counters(now: datetime | None = None, lat: float | None = None, lon: float | None = None) -> list[CounterView]:
    """Every counter not closed for good on today's London date: nearest (lat, lon) first when given, else by name."""
    now = now or clock.now()
    today = clock.london_date(now)
    views = []
    for counter in _counters():
        if counter.closed_from is not None and counter.closed_from <= today:
            continue
        km = distance_km(lat, lon, counter.lat, counter.lon) if lat is not None and lon is not None else None
        views.append(
            CounterView(
                name=counter.name,
                borough=counter.borough,
                address=counter.address,
                postcode=counter.postcode,
                miles=round(km * MILES_PER_KM, 1) if km is not None else None,
                today=opening.today(counter.hours, now),
                week=opening.week(counter.hours),
                always_open=opening.always_open(counter.hours),
                step_free=counter.step_free,
            )
        )
    if lat is not None and lon is not None:
        views.sort(key=lambda view: view.miles or 0.0)
    return views


def near(lat: float | None, lon: float | None, now: datetime | None = None) -> list[CounterView]:
    """The few counters nearest a point (all of them, by name, when the point is not known)."""
    views = open_counters(now, lat, lon)
    return views[:SHOWN_NEAR_A_WARD] if lat is not None and lon is not None else views


def near_ward(ward: Ward | None, now: datetime | None = None) -> list[CounterView]:
    return near(ward.lat if ward else None, ward.lon if ward else None, now)
