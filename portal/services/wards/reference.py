"""Loading reference data: wards and boroughs from a ward set, and crime categories with their source mappings.

A ward set is data: loading another year's boundaries or another force's area needs no code change. Wards missing
from a newly loaded set are retired, never deleted, because reports keep pointing at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from portal.core import clock
from portal.core.text import slugify
from portal.db import session
from portal.models import Borough, CrimeCategory, CrimeCategoryMapping, Ward
from portal.services.wards.datafile import GSS_CODE, Problems, read_csv

WARD_COLUMNS = ("ward_code", "ward_name", "borough_code", "borough_name")
MAPPING_COLUMNS = ("source", "source_category", "category", "category_name", "neighbourhood", "advice_topic")
SOURCES = ("mps", "police-uk")


@dataclass(frozen=True)
class WardLoadResult:
    added: int
    updated: int
    retired: int
    boroughs: int

    def __str__(self) -> str:
        return f"{self.added} wards added, {self.updated} updated, {self.retired} retired, {self.boroughs} boroughs"


def _coordinate(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def load_wards(path: Path) -> WardLoadResult:
    _, rows = read_csv(path, WARD_COLUMNS)
    problems = Problems(path)
    wards: dict[str, dict[str, object]] = {}
    boroughs: dict[str, str] = {}
    for line, row in rows:
        for column in ("ward_code", "borough_code"):
            if not GSS_CODE.match(row.get(column, "")):
                problems.add(line, column, f"'{row.get(column, '')}' is not a GSS code like E05013808")
        for column in ("ward_name", "borough_name"):
            if not row.get(column):
                problems.add(line, column, "is empty")
        point: dict[str, float | None] = {"lat": None, "lon": None}
        for column, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
            if row.get(column):
                point[column] = _coordinate(row[column], low, high)
                if point[column] is None:
                    problems.add(line, column, f"'{row[column]}' is not a {column}itude")
        if row.get("ward_code") in wards:
            problems.add(line, "ward_code", f"{row['ward_code']} appears more than once")
        wards[row.get("ward_code", "")] = {"name": row.get("ward_name"), "borough": row.get("borough_code"), **point}
        boroughs[row.get("borough_code", "")] = row.get("borough_name", "")
    if not wards:
        problems.add(1, None, "the file has no wards")
    problems.raise_if_any()

    now = clock.now()
    existing_boroughs = {b.code: b for b in session.scalars(select(Borough))}
    for code, name in boroughs.items():
        borough = existing_boroughs.get(code)
        if borough is None:
            borough = existing_boroughs[code] = Borough(code=code, name=name, slug=slugify(name))
            session.add(borough)
        borough.name, borough.slug, borough.retired_at = name, slugify(name), None
    for code, borough in existing_boroughs.items():
        if code not in boroughs and borough.retired_at is None:
            borough.retired_at = now

    added = updated = retired = 0
    existing_wards = {w.code: w for w in session.scalars(select(Ward))}
    for code, values in wards.items():
        ward = existing_wards.get(code)
        if ward is None:
            ward = Ward(code=code)
            session.add(ward)
            added += 1
        else:
            updated += 1
        ward.name = str(values["name"])
        ward.slug = slugify(ward.name)
        ward.borough = existing_boroughs[str(values["borough"])]
        ward.lat, ward.lon = values["lat"], values["lon"]  # type: ignore[assignment]
        ward.retired_at = None
    for code, ward in existing_wards.items():
        if code not in wards and ward.retired_at is None:
            ward.retired_at = now
            retired += 1
    session.commit()
    return WardLoadResult(added, updated, retired, len(boroughs))


def load_statistics_publishers(path: Path) -> int:
    """Boroughs whose crime statistics another force publishes (the City of London Police for the City)."""
    _, rows = read_csv(path, ("borough_code", "statistics_publisher"))
    problems = Problems(path)
    boroughs = {b.code: b for b in session.scalars(select(Borough))}
    publishers: dict[str, str] = {}
    for line, row in rows:
        if row["borough_code"] not in boroughs:
            problems.add(line, "borough_code", f"no borough has the code '{row['borough_code']}'")
        publishers[row["borough_code"]] = row["statistics_publisher"]
    problems.raise_if_any()
    for code, borough in boroughs.items():
        borough.statistics_publisher = publishers.get(code) or None
    session.commit()
    return len(publishers)


def load_categories(path: Path) -> int:
    """The categories residents see, and which source category (Met or police.uk) feeds each one."""
    _, rows = read_csv(path, MAPPING_COLUMNS)
    problems = Problems(path)
    categories: dict[str, dict[str, object]] = {}
    mappings: dict[tuple[str, str], str] = {}
    for line, row in rows:
        if row["source"] not in SOURCES:
            problems.add(line, "source", f"'{row['source']}' is not one of {', '.join(SOURCES)}")
        if not row["category"] or slugify(row["category"]) != row["category"]:
            problems.add(line, "category", f"'{row['category']}' is not a lowercase slug")
        if row["neighbourhood"] not in ("yes", "no"):
            problems.add(line, "neighbourhood", "must be yes or no")
        if not row["category_name"] or not row["source_category"]:
            problems.add(line, "category_name" if not row["category_name"] else "source_category", "is empty")
        if (row["source"], row["source_category"]) in mappings:
            problems.add(line, "source_category", f"'{row['source_category']}' is mapped twice")
        mappings[(row["source"], row["source_category"])] = row["category"]
        categories.setdefault(
            row["category"],
            {
                "name": row["category_name"],
                "neighbourhood": row["neighbourhood"] == "yes",
                "advice_topic": row["advice_topic"] or None,
                "sort_order": len(categories),
            },
        )
    problems.raise_if_any()

    existing = {c.slug: c for c in session.scalars(select(CrimeCategory))}
    for slug, values in categories.items():
        category = existing.get(slug)
        if category is None:
            category = existing[slug] = CrimeCategory(slug=slug)
            session.add(category)
        for key, value in values.items():
            setattr(category, key, value)
    current = {(m.source, m.source_category): m for m in session.scalars(select(CrimeCategoryMapping))}
    for key, mapping in current.items():
        if key not in mappings:
            session.delete(mapping)
    for key, slug in mappings.items():
        mapping = current.get(key) or CrimeCategoryMapping(source=key[0], source_category=key[1])
        mapping.category = existing[slug]
        session.add(mapping)
    session.commit()
    return len(categories)
