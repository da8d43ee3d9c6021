import csv
import io

import pytest

from portal.core.csv import neutralise, to_csv


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "=1"],
)
def test_formula_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["West End", "2026-11-26", "1-2", "a=b", "", "O'Brien"])
def test_ordinary_cells_are_unchanged(value):
    assert neutralise(value) == value


def test_to_csv_round_trips_with_neutralised_cells():
    text = to_csv(["reference", "note"], [["AB12-CD34", "=cmd|' /C calc'!A0"], ["EF56", None]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["reference", "note"], ["AB12-CD34", "'=cmd|' /C calc'!A0"], ["EF56", ""]]
