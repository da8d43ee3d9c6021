"""A server-rendered bar chart of a ward's crime by category: last 12 months against the previous 12.

Only geometry is computed here; the template draws it. The chart is an image with a title and description, and the
page always puts the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

LABEL_WIDTH = 230
BAR_AREA = 330
ROW_HEIGHT = 34
BAR_HEIGHT = 12
TOP = 30


class Figures(Protocol):
    name: str
    last_12: int
    previous_12: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    last_width: int
    previous_width: int
    last_12: int
    previous_12: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(figures: Sequence[Figures]) -> BarChart | None:
    if not figures:
        return None
    largest = max(max(f.last_12, f.previous_12) for f in figures) or 1
    bars = [
        Bar(
            f.name,
            TOP + index * ROW_HEIGHT,
            round(f.last_12 * BAR_AREA / largest),
            round(f.previous_12 * BAR_AREA / largest),
            f.last_12,
            f.previous_12,
        )
        for index, f in enumerate(figures)
    ]
    return BarChart(LABEL_WIDTH + BAR_AREA + 60, TOP + len(bars) * ROW_HEIGHT + 10, LABEL_WIDTH, bars)
