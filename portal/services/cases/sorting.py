"""The queue's orders, and the cursor that continues one from the last row seen (keyset pagination).

Each order is one or more segments read one after the other, each in the order of an index of `report`:

- most urgent first: (urgency, submitted_at, id), `ix_report_queue_ward` and `ix_report_queue_status`;
- newest first: (submitted_at, id) descending, `ix_report_queue_received`;
- update due soonest: the reports with a Victims' Code date, by (next_update_due, urgency, submitted_at, id) from
  the partial `ix_report_queue_due`, then those without one (not yet triaged, or closed) most urgent first from the
  partial `ix_report_queue_undated`.

A cursor is the segment and the key of the last row seen; anything that does not fit the order starts from the top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, literal_column, null, true, tuple_

from portal.core.clock import aware
from portal.core.numbers import whole_number
from portal.models import Report

URGENCY, RECEIVED, DUE = "urgency", "received", "due"


@dataclass(frozen=True)
class Segment:
    condition: ColumnElement[bool]
    keys: tuple[Any, ...]  # the columns, in order
    descending: bool = False
    holds: Callable[[Report], bool] = lambda _report: True  # the condition, for a report in hand


@dataclass(frozen=True)
class Sort:
    code: str
    label: str
    segments: tuple[Segment, ...]
    columns: tuple[str, ...]  # the merged key every segment selects (None where a segment has no such column)


_QUEUE_ORDER = (Report.urgency, Report.submitted_at, Report.id)
SORTS = {
    URGENCY: Sort(URGENCY, "Most urgent", (Segment(true(), _QUEUE_ORDER),), ("urgency", "submitted_at", "id")),
    RECEIVED: Sort(
        RECEIVED,
        "Newest",
        (Segment(true(), (Report.submitted_at, Report.id), descending=True),),
        ("submitted_at", "id"),
    ),
    DUE: Sort(
        DUE,
        "Update due soonest",
        (
            Segment(
                Report.next_update_due.is_not(None),
                (Report.next_update_due, *_QUEUE_ORDER),
                holds=lambda report: report.next_update_due is not None,
            ),
            Segment(Report.next_update_due.is_(None), _QUEUE_ORDER),
        ),
        ("next_update_due", "urgency", "submitted_at", "id"),
    ),
}


def get(code: str | None) -> Sort:
    return SORTS.get(code or "", SORTS[URGENCY])


def selected(sort: Sort, number: int) -> list[ColumnElement[Any]]:
    """The columns segment `number` selects for the merge: its number, then the sort's merged key."""
    segment = sort.segments[number]
    names = {key.key: key for key in segment.keys}
    return [literal_column(str(int(number))).label("segment")] + [
        (names[name] if name in names else cast(null(), Date)).label(name) for name in sort.columns
    ]


def after(sort: Sort, number: int, cursor: Cursor | None) -> list[ColumnElement[bool]] | None:
    """The condition for segment `number` to continue after `cursor`; None when the cursor is past the segment."""
    if cursor is None or cursor.segment < number:
        return []
    if cursor.segment > number:
        return None
    segment = sort.segments[number]
    keys, values = tuple_(*segment.keys), tuple_(*cursor.values)
    return [keys < values if segment.descending else keys > values]


def one_query_order(sort: Sort) -> list[Any]:
    """The same order for a single query over every segment (the export's, which reads every row anyway)."""
    if len(sort.segments) == 1:
        segment = sort.segments[0]
        return [key.desc() if segment.descending else key for key in segment.keys]
    which = case(*((segment.condition, number) for number, segment in enumerate(sort.segments)))
    return [which, *(getattr(Report, name) for name in sort.columns)]


def merged_order(sort: Sort, merged: Any) -> list[Any]:
    descending = sort.segments[0].descending
    columns = [merged.c.segment, *(merged.c[name] for name in sort.columns)]
    return [column.desc() if descending and column is not merged.c.segment else column for column in columns]


@dataclass(frozen=True)
class Cursor:
    segment: int
    values: tuple[Any, ...]

    @classmethod
    def of(cls, sort: Sort, report: Report) -> Cursor:
        number = next(n for n, segment in enumerate(sort.segments) if segment.holds(report))
        return cls(number, tuple(getattr(report, key.key) for key in sort.segments[number].keys))

    def encode(self) -> str:
        return "_".join([str(self.segment), *(_text(value) for value in self.values)])

    @classmethod
    def decode(cls, sort: Sort, text: str | None) -> Cursor | None:
        parts = (text or "").split("_")
        number = whole_number(parts[0]) if parts else None
        if number is None or number >= len(sort.segments):
            return None
        keys = sort.segments[number].keys
        if len(parts) != len(keys) + 1:
            return None
        values = [_value(key, part) for key, part in zip(keys, parts[1:], strict=True)]
        return None if any(value is None for value in values) else cls(number, tuple(values))


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return aware(value).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _value(key: Any, text: str) -> Any:
    # Values from a URL: ASCII digits that fit their columns, or dates and times that parse; otherwise nothing.
    try:
        if key.key == "submitted_at":
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        if key.key == "next_update_due":
            return date.fromisoformat(text)
    except ValueError:
        return None
    return whole_number(text)
