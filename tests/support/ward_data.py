"""The bundled real ward data, loaded the way `flask demo load` does, and small CSV files written for a test."""

from __future__ import annotations

import csv
from pathlib import Path

WARD_PAGES = Path(__file__).resolve().parents[2] / "ward_pages"
DATA = WARD_PAGES / "data"
WARDS_CSV = DATA / "london_wards.csv"
CRIME_CSV = DATA / "mps_ward_crime_24m.csv"
MAPPING_CSV = DATA / "category_mapping.csv"
GEOJSON = DATA / "london_wards.geojson"
ADVICE = WARD_PAGES / "advice"


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def load_reference() -> None:
    """Real wards and the category mapping (fast): enough for loader tests."""
    from portal.services.wards import reference

    reference.load_wards(WARDS_CSV)
    reference.load_statistics_publishers(DATA / "statistics_publishers.csv")
    reference.load_categories(MAPPING_CSV)
