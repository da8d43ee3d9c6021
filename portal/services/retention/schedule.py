"""The retention schedule: the defaults in portal/data/retention_schedule.toml, the rows this force runs (an
administrator's changes, audited), and what a row means in time.

`rules()` is the schedule as it stands: each default overlaid by its row in the database. The disposal job, the
staff pages and the privacy notice all read it, so what the notice promises is what the job does.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal.db import session
from portal.models import RetentionRule

DEFAULTS_FILE = Path(__file__).resolve().parents[2] / "data" / "retention_schedule.toml"

DELETE, ANONYMISE, REVIEW = "delete", "anonymise", "review"
CREATED, CLOSED, LAST_CHANGE, EXPORTED = "created", "closed", "last_change", "exported"
UNITS = ("days", "months", "years")
# Report outcome words besides the outcome codes themselves.
OPEN_REPORTS, CLOSED_REPORTS = "open", "closed"

ACTION_LABELS = {
    DELETE: "Deleted",
    ANONYMISE: "Personal details removed; the rest kept for statistics",
    REVIEW: "Reviewed by a person, who decides whether it is kept",
}
TRIGGER_LABELS = {
    CREATED: "it was made",
    CLOSED: "it was closed",
    LAST_CHANGE: "it last changed",
    EXPORTED: "it was copied into the force's evidence system",
}


@dataclass(frozen=True)
class Rule:
    code: str
    record_kind: str
    trigger: str
    period_value: int
    period_unit: str
    action: str
    description: str
    source: str
    report_type: str = ""
    outcomes: tuple[str, ...] = ()
    sort_order: int = 0

    @property
    def period_text(self) -> str:
        """ "30 days", "1 year", "6 years"."""
        unit = self.period_unit[:-1] if self.period_value == 1 else self.period_unit
        return f"{self.period_value} {unit}"

    def cutoff(self, now: datetime) -> datetime:
        """Records whose clock started before this moment are due."""
        return period_before(now, self.period_value, self.period_unit)

    def minimum_days(self) -> int:
        """The period in days, counted at its shortest (a month as 28 days, a year as 365)."""
        return self.period_value * {"days": 1, "months": 28, "years": 365}[self.period_unit]


def period_before(moment: datetime, value: int, unit: str) -> datetime:
    """`moment` less a period, by the calendar: a year before 29 February is 28 February."""
    if unit == "days":
        return moment - timedelta(days=value)
    months = value * (12 if unit == "years" else 1)
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@cache
def defaults() -> tuple[Rule, ...]:
    """The rules of the defaults file, in its order."""
    with DEFAULTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(_from_file(entry, order) for order, entry in enumerate(data["rule"], start=1))


def _from_file(entry: dict[str, Any], order: int) -> Rule:
    value, unit = entry["period"]
    return Rule(
        code=entry["code"],
        record_kind=entry["record_kind"],
        trigger=entry["trigger"],
        period_value=int(value),
        period_unit=unit,
        action=entry["action"],
        description=" ".join(entry["description"].split()),
        source=" ".join(entry["source"].split()),
        report_type=entry.get("report_type", ""),
        outcomes=split_outcomes(entry.get("outcomes", "")),
        sort_order=order * 10,
    )


def split_outcomes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _from_row(row: RetentionRule) -> Rule:
    return Rule(
        code=row.code,
        record_kind=row.record_kind,
        trigger=row.trigger,
        period_value=row.period_value,
        period_unit=row.period_unit,
        action=row.action,
        description=row.description,
        source=row.source,
        report_type=row.report_type,
        outcomes=split_outcomes(row.outcomes),
        sort_order=row.sort_order,
    )


def rows_for(rules: tuple[Rule, ...]) -> list[dict[str, Any]]:
    """The rules as retention_rule rows (what the migration and ensure_defaults() insert)."""
    return [
        {
            "code": r.code,
            "record_kind": r.record_kind,
            "report_type": r.report_type,
            "outcomes": ", ".join(r.outcomes),
            "trigger": r.trigger,
            "period_value": r.period_value,
            "period_unit": r.period_unit,
            "action": r.action,
            "description": r.description,
            "source": r.source,
            "sort_order": r.sort_order,
        }
        for r in rules
    ]


def rules() -> list[Rule]:
    """The schedule in force: every default, as its database row when it has one, and any row added locally."""
    stored = {row.code: _from_row(row) for row in session.scalars(select(RetentionRule))}
    merged = {rule.code: stored.pop(rule.code, rule) for rule in defaults()}
    merged.update(stored)
    return sorted(merged.values(), key=lambda rule: (rule.sort_order, rule.code))


def rule(code: str) -> Rule | None:
    return next((found for found in rules() if found.code == code), None)


def ensure_defaults() -> int:
    """Add a row for each default the database lacks (a new rule in the file), never changing an existing row.
    Returns how many were added. Commits."""
    present = set(session.scalars(select(RetentionRule.code)))
    missing = [rule for rule in defaults() if rule.code not in present]
    for values in rows_for(tuple(missing)):
        session.add(RetentionRule(**values))
    session.commit()
    return len(missing)


class ScheduleError(ValueError):
    """A rule the schedule cannot hold, in words for the administrator."""
