"""The rules behind the numbers on a ward page: periods, the rising rule, and summaries of monthly counts.

Pure functions over plain values, so the thresholds can be tested by hand-computed cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RisingRule:
    """A category is rising when its last 3 complete months beat the same 3 months a year earlier by both margins."""

    min_percent: int = 20
    min_offences: int = 5

    def is_rising(self, recent: int, year_ago: int) -> bool:
        increase = recent - year_ago
        if increase < self.min_offences:
            return False
        # Integer arithmetic avoids a float rounding a 20.0% rise down to 19.99...%.
        return increase * 100 >= self.min_percent * year_ago


@dataclass(frozen=True)
class Summary:
    last_12: int
    previous_12: int
    recent_3: int
    year_ago_3: int
    rising: bool


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_back(period_end: date, start: int, count: int) -> list[date]:
    """`count` months ending `start` months before `period_end` (start=0 means ending at period_end)."""
    return [add_months(period_end, -(start + offset)) for offset in range(count)]


def summarise(
    counts: Mapping[date, int], period_end: date, rule: RisingRule, without_figures: frozenset[date] = frozenset()
) -> Summary:
    """Totals of the last 12 and 3 months against the same months a year earlier. A month with no figures published
    (`without_figures`) is left out together with the month it is compared with, so both sides cover the same
    months and a gap never reads as a fall (or, a year on, as a rise)."""
    compared = [
        (month, add_months(month, -12))
        for month in months_back(period_end, 0, 12)
        if month not in without_figures and add_months(month, -12) not in without_figures
    ]

    def totals(recent_months: int) -> tuple[int, int]:
        first = add_months(period_end, -(recent_months - 1))
        pairs = [(now, before) for now, before in compared if now >= first]
        return sum(counts.get(now, 0) for now, _ in pairs), sum(counts.get(before, 0) for _, before in pairs)

    last_12, previous_12 = totals(12)
    recent, year_ago = totals(3)
    return Summary(last_12, previous_12, recent, year_ago, rule.is_rising(recent, year_ago))


def percent_change(now: int, before: int) -> int | None:
    """Whole-number percentage change; None when there is nothing to compare against."""
    if before == 0:
        return None
    return round((now - before) * 100 / before)


def trend(now: int, before: int) -> str:
    if now > before:
        return "up"
    if now < before:
        return "down"
    return "same"
