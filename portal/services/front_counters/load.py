"""Loading front counters from a CSV file: `flask --app portal front-counters load FILE`.

Columns: name, borough, address, postcode, lat, lon, then the hours of each day (monday ... sunday, bank_holidays:
"24 hours", "closed", times like 10:00-22:00, or blank when not known), step_free (yes, no or blank) and
closed_from (YYYY-MM-DD, the first day it is closed for good, or blank). The whole file is checked before anything
is written, and every problem is reported by line and column. Loading is idempotent: the file replaces the list
(counters are matched by name; those no longer in the file are removed, since nothing else points at them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal.db import session
from portal.models import FrontCounter
from portal.services.front_counters import hours as opening
from portal.services.front_counters import nearest
from portal.services.wards.datafile import Problems, read_csv

COLUMNS = ("name", "borough", "address", "postcode", "lat", "lon", *opening.DAYS, opening.BANK_HOLIDAYS)
OPTIONAL = ("step_free", "closed_from")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
# Wide enough for any force in Great Britain; a swapped latitude and longitude falls outside it.
LAT_RANGE, LON_RANGE = (49.8, 60.9), (-8.7, 1.8)
LIMITS = {"name": 100, "borough": 100, "address": 300}


@dataclass(frozen=True)
class LoadResult:
    added: int
    updated: int
    removed: int

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.removed} removed"


def load_front_counters(path: Path) -> LoadResult:
    rows = _check(path)
    existing = {counter.name: counter for counter in session.scalars(select(FrontCounter))}
    added = updated = 0
    for values in rows:
        counter = existing.pop(values["name"], None)
        if counter is None:
            session.add(FrontCounter(**values))
            added += 1
        else:
            for key, value in values.items():
                setattr(counter, key, value)
            updated += 1
    for counter in existing.values():
        session.delete(counter)
    session.commit()
    nearest.clear_cache()  # this process's copy of the list is now stale
    return LoadResult(added, updated, len(existing))


def _check(path: Path) -> list[dict[str, Any]]:
    _, lines = read_csv(path, COLUMNS)
    problems = Problems(path)
    rows: list[dict[str, Any]] = []
    names: set[str] = set()
    for line, row in lines:
        values = _row(row, line, problems)
        if values["name"] in names:
            problems.add(line, "name", f"{values['name']} appears more than once")
        names.add(values["name"])
        rows.append(values)
    if not rows:
        problems.add(1, None, "the file has no front counters")
    problems.raise_if_any()
    return rows


def _row(row: dict[str, str], line: int, problems: Problems) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, limit in LIMITS.items():
        values[column] = row.get(column, "")
        if not values[column]:
            problems.add(line, column, "is empty")
        elif len(values[column]) > limit:
            problems.add(line, column, f"must be {limit} characters or fewer")
    postcode = re.sub(r"\s+", " ", row.get("postcode", "").upper()).strip()
    match = POSTCODE.match(postcode)
    if not match:
        problems.add(line, "postcode", f"'{row.get('postcode', '')}' is not a postcode like SE13 5JZ")
    values["postcode"] = f"{match.group(1)} {match.group(2)}" if match else postcode
    for column, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        values[column] = _number(row.get(column, ""), low, high)
        if values[column] is None:
            problems.add(line, column, f"'{row.get(column, '')}' is not a {column}itude in Great Britain")
    values["hours"] = {}
    for column in (*opening.DAYS, opening.BANK_HOLIDAYS):
        if row.get(column):
            try:
                values["hours"][column] = opening.parse(row[column]).text()
            except ValueError as error:
                problems.add(line, column, str(error))
    values["step_free"] = _yes_no(row.get("step_free", ""), line, problems)
    values["closed_from"] = _date(row.get("closed_from", ""), line, problems)
    return values


def _number(text: str, low: float, high: float) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _yes_no(text: str, line: int, problems: Problems) -> bool | None:
    value = text.strip().lower()
    if value in ("", "not known"):
        return None
    if value not in ("yes", "no"):
        problems.add(line, "step_free", f"'{text}' is not yes, no or blank (not known)")
        return None
    return value == "yes"


def _date(text: str, line: int, problems: Problems) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(line, "closed_from", f"'{text}' is not a date like 2026-02-28")
        return None
