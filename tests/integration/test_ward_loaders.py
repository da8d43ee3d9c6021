"""Loaders: both crime layouts, bad rows named by file, line and column, idempotent reloads and retired wards."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.db import session
from portal.models import Borough, CrimeCount, Ward, WardCrimeSummary
from portal.services.wards import crime, reference
from portal.services.wards.datafile import DataFileError
from portal.services.wards.search import search_wards, ward_by_code
from tests.support.ward_data import WARDS_CSV, load_reference, write_csv

WARD_HEADER = ["ward_code", "ward_name", "borough_code", "borough_name", "lat", "lon"]
MPS_HEADER = ["MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName", "202412", "202501"]


def count(model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_real_ward_set_loads_704_wards_in_33_boroughs_and_reloads_without_change(app_context):
    result = reference.load_wards(WARDS_CSV)
    assert (result.added, result.boroughs) == (704, 33)
    assert count(Ward) == 704
    assert ward_by_code("E05013808").name == "West End"
    assert ward_by_code("E05013808").borough.name == "Westminster"

    again = reference.load_wards(WARDS_CSV)
    assert (again.added, again.updated, again.retired) == (0, 704, 0)
    assert count(Ward) == 704 and count(Borough) == 33


def test_wards_missing_from_a_new_set_are_retired_not_deleted(app_context, tmp_path):
    reference.load_wards(WARDS_CSV)
    smaller = write_csv(
        tmp_path / "wards_2026.csv",
        WARD_HEADER,
        [["E05013808", "West End", "E09000033", "Westminster", "51.5138", "-0.145408"]],
    )
    result = reference.load_wards(smaller)
    assert result.retired == 703
    assert count(Ward) == 704
    st_james = ward_by_code("E05013806")
    assert st_james is not None and st_james.retired_at is not None
    assert [w.code for w in search_wards("westminster")] == ["E05013808"]
    assert session.scalar(select(Borough).where(Borough.code == "E09000001")).retired_at is not None

    reference.load_wards(WARDS_CSV)
    assert ward_by_code("E05013806").retired_at is None


def test_bad_ward_rows_are_named_by_file_line_and_column_and_nothing_is_written(app_context, tmp_path):
    bad = write_csv(
        tmp_path / "bad_wards.csv",
        WARD_HEADER,
        [
            ["E05013808", "West End", "E09000033", "Westminster", "51.5", "-0.1"],
            ["X123", "Somewhere", "E09000033", "Westminster", "51.5", "-0.1"],
            ["E05000002", "", "E09000033", "Westminster", "north", "-0.1"],
            ["E05013808", "West End again", "E09000033", "Westminster", "", ""],
        ],
    )
    with pytest.raises(DataFileError) as error:
        reference.load_wards(bad)
    assert str(error.value).splitlines() == [
        "bad_wards.csv, line 3, column ward_code: 'X123' is not a GSS code like E05013808",
        "bad_wards.csv, line 4, column ward_name: is empty",
        "bad_wards.csv, line 4, column lat: 'north' is not a latitude",
        "bad_wards.csv, line 5, column ward_code: E05013808 appears more than once",
    ]
    assert count(Ward) == 0


def test_a_missing_column_is_reported_on_line_1(app_context, tmp_path):
    bad = write_csv(tmp_path / "no_borough.csv", ["ward_code", "ward_name"], [["E05013808", "West End"]])
    with pytest.raises(DataFileError, match=r"no_borough.csv, line 1: missing column borough_code, borough_name"):
        reference.load_wards(bad)


def test_the_cli_exits_non_zero_and_lists_the_problems(app, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", WARD_HEADER, [["E05013808", "West End", "E09000033", "Westminster", "x", ""]])
    result = app.test_cli_runner().invoke(args=["wards", "load", str(bad)])
    assert result.exit_code != 0
    assert "bad.csv, line 2, column lat: 'x' is not a latitude" in result.output


def _summary(code: str, slug: str) -> WardCrimeSummary:
    from portal.models import CrimeCategory

    return session.scalar(
        select(WardCrimeSummary)
        .join(Ward, Ward.id == WardCrimeSummary.ward_id)
        .join(CrimeCategory, CrimeCategory.id == WardCrimeSummary.category_id)
        .where(Ward.code == code, CrimeCategory.slug == slug)
    )


def test_the_met_layout_joins_on_ward_code_and_sums_minor_categories(app_context, tmp_path):
    load_reference()
    mps = write_csv(
        tmp_path / "mps.csv",
        MPS_HEADER,
        [
            ["BURGLARY", "RES BURGLARY OF A HOME", "West End", "E05013808", "Westminster", "3", "4"],
            ["BURGLARY", "BURGLARY BUSINESS AND COMMUNITY", "West End", "E05013808", "Westminster", "1", "2"],
            # Filed under the airport's policing unit, not Hillingdon: the ward code still finds the ward.
            ["THEFT", "THEFT FROM THE PERSON", "Heathrow Villages", "E05013570", "Aviation Security (SO18)", "0", "9"],
            # The file's old name for Bethnal Green East: the name is never used.
            ["ROBBERY", "ROBBERY OF PERSONAL PROPERTY", "Bethnal Green", "E05009317", "Tower Hamlets", "2", "0"],
        ],
    )
    result = crime.load_crime(mps)
    assert (result.layout, result.wards, result.months, result.offences) == ("mps", 3, 2, 21)
    # The newest month (January 2025) ends the periods: last 12 months = Feb 2024 - Jan 2025 = (3 + 1) + (4 + 2).
    burglary = _summary("E05013808", "burglary")
    assert (burglary.period_end, burglary.last_12, burglary.previous_12) == (date(2025, 1, 1), 10, 0)
    heathrow = _summary("E05013570", "theft-from-the-person")
    assert (heathrow.recent_3, heathrow.year_ago_3, heathrow.rising) == (9, 0, True)
    assert ward_by_code("E05013570").borough.name == "Hillingdon"

    rows_before = count(CrimeCount)
    crime.load_crime(mps)
    assert count(CrimeCount) == rows_before
    assert _summary("E05013808", "burglary").last_12 == 10


def test_the_police_uk_layout_is_detected_from_its_header(app_context, tmp_path):
    load_reference()
    header = ["ward_code", "ward_name", "borough_code", "borough_name", "month", "anti-social-behaviour", "burglary"]
    rows = [["E05013808", "West End", "E09000033", "Westminster", f"2025-{m:02d}", 10 + m, 1] for m in range(1, 13)]
    rows += [["E05013808", "West End", "E09000033", "Westminster", f"2024-{m:02d}", 5, 1] for m in range(10, 13)]
    result = crime.load_crime(
        write_csv(tmp_path / "police_uk.csv", [*header, "total"], [[*r, r[5] + r[6]] for r in rows])
    )
    assert (result.layout, result.wards, result.months) == ("police-uk", 1, 15)
    asb = _summary("E05013808", "anti-social-behaviour")
    assert asb.period_end == date(2025, 12, 1)
    assert (asb.recent_3, asb.year_ago_3, asb.rising) == (20 + 21 + 22, 15, True)


def test_bad_crime_rows_are_named_and_nothing_is_loaded(app_context, tmp_path):
    load_reference()
    header = ["ward_code", "month", "burglary", "not-a-category", "total"]
    bad = write_csv(
        tmp_path / "bad_crime.csv",
        header,
        [
            ["E05013808", "2025-01", "3", "0", "3"],
            ["E05999999", "2025-13", "-1", "0", "2"],
            ["E05013808", "2025-02", "4", "0", "5"],
        ],
    )
    with pytest.raises(DataFileError) as error:
        crime.load_crime(bad)
    assert str(error.value).splitlines() == [
        "bad_crime.csv, line 1, column not-a-category: 'not-a-category' is not in the category mapping",
        "bad_crime.csv, line 3, column ward_code: no ward has the code 'E05999999'",
        "bad_crime.csv, line 3, column month: '2025-13' is not a month (YYYY-MM)",
        "bad_crime.csv, line 3, column burglary: '-1' is not a count of offences",
        "bad_crime.csv, line 4, column total: is 5 but the categories add up to 4",
    ]
    assert count(CrimeCount) == 0


def test_an_unknown_layout_is_refused(app_context, tmp_path):
    load_reference()
    with pytest.raises(DataFileError, match=r"odd.csv, line 1: header not recognised"):
        crime.load_crime(write_csv(tmp_path / "odd.csv", ["code", "count"], [["E05013808", "1"]]))
