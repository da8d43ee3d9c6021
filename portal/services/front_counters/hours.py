"""Opening hours: one day's hours as written in the data file, whether a counter is open at a moment, and how the
hours read on a page. Times are London times; a bank holiday has its own hours, and when the file does not give them
a page says they are not known rather than guessing from the weekday."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.core.clock import LONDON, bank_holidays

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BANK_HOLIDAYS = "bank_holidays"
ALL_DAY = "24 hours"
CLOSED = "closed"
RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Opening:
    """A day's hours: open all day, closed, or one or more ranges (an end of None is midnight at the day's end)."""

    ranges: tuple[tuple[time, time | None], ...] = ()
    all_day: bool = False

    @property
    def closed(self) -> bool:
        return not self.all_day and not self.ranges

    def text(self) -> str:
        """As stored: "24 hours", "closed" or "10:00-22:00, ..."."""
        if self.all_day:
            return ALL_DAY
        if self.closed:
            return CLOSED
        return ", ".join(f"{start:%H:%M}-{'24:00' if end is None else f'{end:%H:%M}'}" for start, end in self.ranges)

    def label(self) -> str:
        """As a page reads it: "Open 24 hours", "Closed", "10am to 10pm"."""
        if self.all_day:
            return "Open 24 hours"
        if self.closed:
            return "Closed"
        return ", ".join(f"{clock_time(start)} to {clock_time(end)}" for start, end in self.ranges)

    def open_at(self, moment: time) -> bool:
        if self.all_day:
            return True
        return any(start <= moment and (end is None or moment < end) for start, end in self.ranges)

    def closes_after(self, moment: time) -> time | None:
        """When the range open at `moment` ends (None: midnight, or open all day)."""
        for start, end in self.ranges:
            if start <= moment and (end is None or moment < end):
                return end
        return None

    def opens_after(self, moment: time) -> time | None:
        return next((start for start, _end in self.ranges if start > moment), None)


def parse(text: str) -> Opening:
    """ "24 hours", "closed" or "HH:MM-HH:MM" ranges separated by commas, in order and not overlapping. Raises
    ValueError with a sentence saying what is wrong."""
    value = " ".join(text.strip().lower().split())
    if value in (ALL_DAY, "24hours", "00:00-24:00"):
        return Opening(all_day=True)
    if value == CLOSED:
        return Opening()
    ranges: list[tuple[time, time | None]] = []
    for part in value.split(","):
        match = RANGE.match(part.strip())
        if not match:
            raise ValueError(f"'{text}' is not '24 hours', 'closed' or times like 10:00-22:00")
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        if start_h > 23 or start_m > 59 or end_m > 59 or end_h > 24 or (end_h == 24 and end_m):
            raise ValueError(f"'{part.strip()}' is not a time of day")
        start = time(start_h, start_m)
        end = None if end_h == 24 else time(end_h, end_m)
        if end is not None and end <= start:
            raise ValueError(f"'{part.strip()}' closes before it opens")
        if ranges and (ranges[-1][1] is None or start < ranges[-1][1]):  # type: ignore[operator]
            raise ValueError(f"'{text}' has times out of order or overlapping")
        ranges.append((start, end))
    return Opening(tuple(ranges))


def clock_time(moment: time | None) -> str:
    """GOV.UK style: "10am", "9:30pm", "midday", "midnight"."""
    if moment is None or moment == time(0, 0):
        return "midnight"
    if moment == time(12, 0):
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def opening_on(hours: dict[str, str], day: date) -> Opening | None:
    """The hours that apply on `day` (a bank holiday's own when it is one); None when the data does not say."""
    key = BANK_HOLIDAYS if day in bank_holidays() else DAYS[day.weekday()]
    text = hours.get(key)
    return parse(text) if text else None


def always_open(hours: dict[str, str]) -> bool:
    """Open all day on every day of the week and on bank holidays: only then may a page say "24 hours a day"."""
    return all((text := hours.get(key)) and parse(text).all_day for key in (*DAYS, BANK_HOLIDAYS))


@dataclass(frozen=True)
class Today:
    day_name: str  # "Saturday", or "Monday (bank holiday)"
    hours: str  # "10am to 10pm", "Open 24 hours", "Closed", "Not known"
    open_now: bool | None  # None: the data does not say
    status: str  # "Open now until 10pm", "Closed now, opens at 10am", ...


def today(hours: dict[str, str], now: datetime) -> Today:
    local = now.astimezone(LONDON)
    day, moment = local.date(), local.time()
    holiday = day in bank_holidays()
    name = f"{day:%A}" + (" (bank holiday)" if holiday else "")
    opening = opening_on(hours, day)
    if opening is None:
        status = "Opening hours on bank holidays not known: call before you go" if holiday else "Hours not known"
        return Today(name, "Not known", None, status)
    if opening.open_at(moment):
        if opening.all_day:
            return Today(name, opening.label(), True, "Open now (open 24 hours today)")
        return Today(name, opening.label(), True, f"Open now until {clock_time(opening.closes_after(moment))}")
    later = opening.opens_after(moment)
    status = f"Closed now, opens at {clock_time(later)} today" if later else _next_opening(hours, day)
    return Today(name, opening.label(), False, status)


def _next_opening(hours: dict[str, str], day: date) -> str:
    """ "Closed now, opens tomorrow at 9am" (or on a later day), looking a week ahead."""
    for ahead in range(1, 8):
        later = day + timedelta(days=ahead)
        opening = opening_on(hours, later)
        if opening is None:
            return "Closed now"
        if not opening.closed:
            start = time(0, 0) if opening.all_day else opening.ranges[0][0]
            when = "tomorrow" if ahead == 1 else f"on {later:%A}"
            return f"Closed now, opens {when} at {clock_time(start)}"
    return "Closed now"


def week(hours: dict[str, str]) -> list[tuple[str, str]]:
    """Every day's hours for a table: ("Monday", "10am to 10pm"), ..., ("Bank holidays", "Not known")."""
    rows = []
    for key in (*DAYS, BANK_HOLIDAYS):
        text = hours.get(key)
        rows.append((key.replace("_", " ").capitalize(), parse(text).label() if text else "Not known"))
    return rows
