"""`flask crime load`: monthly recorded crime per ward, in either published layout, detected from the header.

(a) The Met's ward file: MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, then one column per month
    (YYYYMM). (b) police.uk-category counts: ward_code, ward_name, borough_code, borough_name, month (YYYY-MM), one
    column per police.uk category slug, and total. Rows join to wards on the ward code only: names drift (two Tower
    Hamlets wards were renamed) and Heathrow Villages is filed under "Aviation Security (SO18)", not its borough.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select

from portal.db import session
from portal.models import CrimeCategoryMapping, CrimeCount, CrimeMonthWithoutFigures, Ward
from portal.services.wards.datafile import DataFileError, Problems, parse_count, read_csv, read_header
from portal.services.wards.summaries import refresh_summaries

MPS_COLUMNS = ("MajorText", "MinorText", "WardCode")
POLICE_UK_COLUMNS = ("ward_code", "month")
POLICE_UK_NON_CATEGORIES = {"ward_code", "ward_name", "borough_code", "borough_name", "month", "total"}
MPS_MONTH = re.compile(r"^(\d{4})(\d{2})$")
POLICE_UK_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
CHUNK = 500

Key = tuple[int, int, date]  # ward id, category id, month


@dataclass(frozen=True)
class CrimeLoadResult:
    layout: str
    wards: int
    months: int
    offences: int
    # Ward-months the file gives no figures for (every category blank), as "ward code YYYY-MM".
    without_figures: tuple[str, ...] = ()

    def __str__(self) -> str:
        loaded = f"{self.offences} offences in {self.wards} wards over {self.months} months ({self.layout} layout)"
        if not self.without_figures:
            return loaded
        shown = ", ".join(self.without_figures[:5]) + (" ..." if len(self.without_figures) > 5 else "")
        return (
            f"{loaded}\nWarning: no figures published for {len(self.without_figures)} ward-month(s), loaded as "
            f"'no figures published' and left out of comparisons, not as zero: {shown}"
        )


# A police.uk row with every category blank: the publisher gave no figures for that ward and month.
Gaps = set[tuple[int, date]]


def detect_layout(header: list[str]) -> str | None:
    if all(column in header for column in MPS_COLUMNS):
        return "mps"
    if all(column in header for column in POLICE_UK_COLUMNS):
        return "police-uk"
    return None


def _month(pattern: re.Pattern[str], text: str) -> date | None:
    match = pattern.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def load_crime(path: Path) -> CrimeLoadResult:
    layout = detect_layout(read_header(path))
    if layout is None:
        raise DataFileError(
            f"{path.name}, line 1: header not recognised; expected the Met's ward file (MajorText, MinorText, "
            "WardCode, months as YYYYMM) or police.uk-category counts (ward_code, month, one column per category)"
        )
    wards = dict(session.execute(select(Ward.code, Ward.id)).tuples().all())
    mappings = {
        m.source_category: m.category_id
        for m in session.scalars(select(CrimeCategoryMapping).where(CrimeCategoryMapping.source == layout))
    }
    problems = Problems(path)
    gaps: Gaps = set()
    if layout == "mps":
        counts = _read_mps(path, wards, mappings, problems)
    else:
        counts = _read_police_uk(path, wards, mappings, problems, gaps)
    problems.raise_if_any()
    ward_ids = sorted({key[0] for key in counts} | {ward for ward, _ in gaps})
    months = sorted({key[2] for key in counts} | {month for _, month in gaps})
    _replace_counts(counts, ward_ids, months, gaps)
    refresh_summaries(ward_ids)
    session.commit()
    codes = {ward_id: code for code, ward_id in wards.items()}
    without = tuple(f"{codes[ward]} {month:%Y-%m}" for ward, month in sorted(gaps))
    return CrimeLoadResult(layout, len(ward_ids), len(months), sum(counts.values()), without)


def _read_mps(path: Path, wards: dict[str, int], mappings: dict[str, int], problems: Problems) -> dict[Key, int]:
    header, rows = read_csv(path, MPS_COLUMNS)
    month_columns = [(column, _month(MPS_MONTH, column)) for column in header if MPS_MONTH.match(column)]
    for column, month in month_columns:
        if month is None:
            problems.add(1, column, "is not a month (YYYYMM)")
    if not month_columns:
        problems.add(1, None, "no month columns (YYYYMM)")
    counts: dict[Key, int] = defaultdict(int)
    for line, row in rows:
        ward_id = wards.get(row.get("WardCode", ""))
        if ward_id is None:
            problems.add(line, "WardCode", f"no ward has the code '{row.get('WardCode', '')}'")
        source = f"{row.get('MajorText', '')} / {row.get('MinorText', '')}"
        category_id = mappings.get(source)
        if category_id is None:
            problems.add(line, "MinorText", f"'{source}' is not in the category mapping")
        for column, month in month_columns:
            value = parse_count(row.get(column, ""))
            if value is None:
                problems.add(line, column, f"'{row.get(column, '')}' is not a count of offences")
            elif ward_id is not None and category_id is not None and month is not None:
                counts[(ward_id, category_id, month)] += value
    return counts


def _read_police_uk(
    path: Path, wards: dict[str, int], mappings: dict[str, int], problems: Problems, gaps: Gaps
) -> dict[Key, int]:
    header, rows = read_csv(path, POLICE_UK_COLUMNS)
    slugs = [column for column in header if column not in POLICE_UK_NON_CATEGORIES]
    for slug in slugs:
        if slug not in mappings:
            problems.add(1, slug, f"'{slug}' is not in the category mapping")
    counts: dict[Key, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        ward_id = wards.get(row["ward_code"])
        if ward_id is None:
            problems.add(line, "ward_code", f"no ward has the code '{row['ward_code']}'")
        month = _month(POLICE_UK_MONTH, row["month"])
        if month is None:
            problems.add(line, "month", f"'{row['month']}' is not a month (YYYY-MM)")
        if (row["ward_code"], row["month"]) in seen:
            problems.add(line, "month", f"{row['ward_code']} {row['month']} appears more than once")
        seen.add((row["ward_code"], row["month"]))
        blank = [slug for slug in slugs if not row.get(slug, "")]
        if blank and len(blank) == len(slugs) and not row.get("total", ""):
            if ward_id is not None and month is not None:
                gaps.add((ward_id, month))  # no figures published for this ward-month: not zero
            continue
        if blank:
            problems.add(line, None, f"blank cells {', '.join(blank)}: a month without figures leaves every cell blank")
            continue
        row_total, counted = 0, True
        for slug in slugs:
            value = parse_count(row.get(slug, ""))
            if value is None:
                problems.add(line, slug, f"'{row.get(slug, '')}' is not a count of offences")
                counted = False
                continue
            row_total += value
            if ward_id is not None and month is not None and slug in mappings:
                counts[(ward_id, mappings[slug], month)] += value
        if counted and "total" in row and parse_count(row["total"]) != row_total:
            problems.add(line, "total", f"is {row['total']} but the categories add up to {row_total}")
    return counts


def _replace_counts(counts: dict[Key, int], ward_ids: list[int], months: list[date], gaps: Gaps) -> None:
    """Reloading a file replaces its wards' months, so loading the same file twice changes nothing."""
    if not counts:
        raise DataFileError("the file has no crime counts")
    for start in range(0, len(ward_ids), CHUNK):
        chunk = ward_ids[start : start + CHUNK]
        session.execute(delete(CrimeCount).where(CrimeCount.ward_id.in_(chunk), CrimeCount.month.in_(months)))
        session.execute(
            delete(CrimeMonthWithoutFigures).where(
                CrimeMonthWithoutFigures.ward_id.in_(chunk), CrimeMonthWithoutFigures.month.in_(months)
            )
        )
    if gaps:
        session.execute(
            CrimeMonthWithoutFigures.__table__.insert(), [{"ward_id": w, "month": m} for w, m in sorted(gaps)]
        )
    rows = [{"ward_id": w, "category_id": c, "month": m, "count": n} for (w, c, m), n in counts.items()]
    # A Core executemany on the session's connection: several times faster than the ORM's bulk insert here.
    connection = session.connection()
    table = CrimeCount.__table__
    for start in range(0, len(rows), 20_000):
        connection.execute(table.insert(), rows[start : start + 20_000])
