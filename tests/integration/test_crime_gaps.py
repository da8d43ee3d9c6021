"""Published files with gaps: a ward-month with every category blank is "no figures published", not zero. It is
shown that way on the ward page, left out of rising and falling comparisons, and the loader says so in one warning
line; a row with only some cells blank is still an error that lists them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import CrimeCount, CrimeMonthWithoutFigures, Ward, WardCrimeSummary
from portal.services.wards import crime
from portal.services.wards.datafile import DataFileError
from portal.services.wards.statistics import RisingRule, summarise
from tests.pages import page
from tests.support.ward_data import load_reference, write_csv

HEADER = ["ward_code", "ward_name", "borough_code", "borough_name", "month", "anti-social-behaviour", "burglary"]
PLACE = ["E05013808", "West End", "E09000033", "Westminster"]


def police_uk(tmp_path, blank_month: str | None = None, partly_blank: str | None = None):
    """Two years of a steady 10 anti-social behaviour and 2 burglaries a month, with the gaps asked for."""
    rows = []
    for year in (2024, 2025):
        for month in range(1, 13):
            label = f"{year}-{month:02d}"
            if label == blank_month:
                rows.append([*PLACE, label, "", "", ""])
            elif label == partly_blank:
                rows.append([*PLACE, label, "10", "", ""])
            else:
                rows.append([*PLACE, label, 10, 2, 12])
    return write_csv(tmp_path / "police_uk.csv", [*HEADER, "total"], rows)


def summary(slug: str) -> WardCrimeSummary:
    ward = session.scalar(select(Ward).where(Ward.code == "E05013808"))
    return next(
        s for s in session.scalars(select(WardCrimeSummary)) if s.ward_id == ward.id and s.category.slug == slug
    )


def test_a_ward_month_with_every_cell_blank_loads_as_no_figures_with_one_warning(app_context, tmp_path):
    load_reference()
    result = crime.load_crime(police_uk(tmp_path, blank_month="2025-11"))
    lines = str(result).splitlines()
    assert len(lines) == 2 and lines[1].startswith("Warning: no figures published for 1 ward-month(s)")
    assert "E05013808 2025-11" in lines[1]
    assert session.scalars(select(CrimeMonthWithoutFigures.month)).all() == [date(2025, 11, 1)]
    assert not session.scalars(select(CrimeCount).where(CrimeCount.month == date(2025, 11, 1))).all()
    # Not a fall: November 2025 and November 2024 are both left out, so the two sides still match.
    asb = summary("anti-social-behaviour")
    assert (asb.last_12, asb.previous_12) == (110, 110)
    assert (asb.recent_3, asb.year_ago_3, asb.rising) == (20, 20, False)


def test_the_ward_page_and_api_say_no_figures_were_published(app, client, tmp_path):
    with app.app_context():
        load_reference()
        crime.load_crime(police_uk(tmp_path, blank_month="2025-11"))
    shown = page(client, "/wards/E05013808")
    assert "No figures were published for West End for November 2025" in shown.text
    assert "not the same as no crime" in shown.text
    data = client.get("/api/wards/E05013808").get_json()
    assert data["crime"]["months_without_figures"] == ["2025-11"]


def test_a_row_with_only_some_cells_blank_is_an_error_listing_them(app_context, tmp_path):
    load_reference()
    with pytest.raises(DataFileError) as error:
        crime.load_crime(police_uk(tmp_path, partly_blank="2025-03"))
    assert str(error.value).splitlines() == [
        "police_uk.csv, line 16: blank cells burglary: a month without figures leaves every cell blank"
    ]
    assert not session.scalars(select(CrimeCount)).all()


def test_a_gap_is_left_out_of_both_sides_of_every_comparison():
    months = {date(2025, m, 1): 10 for m in range(1, 13)} | {date(2024, m, 1): 10 for m in range(1, 13)}
    rule = RisingRule(20, 5)
    without = frozenset({date(2024, 12, 1)})
    del months[date(2024, 12, 1)]
    months[date(2025, 12, 1)] = 30
    # December 2025's rise cannot be compared with a December 2024 that has no figures: no rising flag.
    result = summarise(months, date(2025, 12, 1), rule, without)
    assert (result.last_12, result.previous_12, result.recent_3, result.year_ago_3) == (110, 110, 20, 20)
    assert not result.rising
    assert summarise(months, date(2025, 12, 1), rule).rising  # read as zero, it would look like a rise
