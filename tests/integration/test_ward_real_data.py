"""Ward pages built from the real Met file, checked against figures computed here straight from the CSV."""

import csv
from collections import defaultdict

import pytest

from portal.services.wards import advice, crime
from portal.services.wards.summaries import suggest_borough_priorities
from tests.pages import page
from tests.support.ward_data import ADVICE, CRIME_CSV, MAPPING_CSV, load_reference

# West End (Westminster), Heathrow Villages (filed under "Aviation Security (SO18)"), Bethnal Green East (renamed
# since the file was published), Brondesbury Park (Brent).
WARDS = ["E05013808", "E05013570", "E05009317", "E05013498"]


def expected_figures() -> dict[str, dict[str, tuple[int, int, bool]]]:
    """{ward code: {category name: (2025 total, 2024 total, rising)}} computed from the raw file."""
    mapping = {}
    with MAPPING_CSV.open() as handle:
        for row in csv.DictReader(handle):
            if row["source"] == "mps":
                mapping[row["source_category"]] = row["category_name"]
    sums: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    with CRIME_CSV.open() as handle:
        for row in csv.DictReader(handle):
            if row["WardCode"] not in WARDS:
                continue
            totals = sums[row["WardCode"]][mapping[f"{row['MajorText']} / {row['MinorText']}"]]
            totals[0] += sum(int(row[f"2025{m:02d}"]) for m in range(1, 13))
            totals[1] += sum(int(row[f"2024{m:02d}"]) for m in range(1, 13))
            totals[2] += sum(int(row[f"2025{m}"]) for m in (10, 11, 12))
            totals[3] += sum(int(row[f"2024{m}"]) for m in (10, 11, 12))
    return {
        code: {
            name: (t[0], t[1], t[2] - t[3] >= 5 and (t[2] - t[3]) * 100 >= 20 * t[3])
            for name, t in categories.items()
            if t[0] or t[1]
        }
        for code, categories in sums.items()
    }


@pytest.fixture
def real_crime(app_context):
    load_reference()
    crime.load_crime(CRIME_CSV)
    suggest_borough_priorities()
    advice.load_advice(ADVICE)


def test_real_ward_pages_show_the_published_figures_and_rising_categories(client, real_crime):
    expected = expected_figures()
    assert set(expected) == set(WARDS)
    for code in WARDS:
        ward_page = page(client, f"/wards/{code}")
        shown = {}
        for row in ward_page.select(".dps-crime-table tbody tr"):
            name = row.select_one("th").contents[0].strip()
            cells = [int(td.get_text().replace(",", "")) for td in row.select("td.govuk-table__cell--numeric")]
            shown[name] = (cells[0], cells[1], bool(row.select(".govuk-tag--red")))
        assert shown == expected[code], code
        rising = [name for name, (_, _, is_rising) in expected[code].items() if is_rising]
        reasons = ward_page.texts(".dps-rising__reason")
        assert {reason.split(" is up")[0] for reason in reasons} <= set(rising)
        assert bool(reasons) == any(name != "Other crime" for name in rising), code

    api = client.get("/api/wards/E05013570").get_json()
    assert api["name"] == "Heathrow Villages" and api["borough"]["name"] == "Hillingdon"
    assert {c["name"]: (c["last_12"], c["previous_12"], c["rising"]) for c in api["crime"]["categories"]} == (
        expected["E05013570"]
    )
