"""Check your answers: every answer once, as given, each with a change link to the page that asked it."""

from __future__ import annotations

from tests.factories.reports import asb_pages, road_traffic_pages, walk, ward_fixture  # noqa: F401  (fixtures)
from tests.pages import page

ASB = "anti-social-behaviour"
RTI = "road-traffic-incident"


def test_free_text_is_shown_as_typed_with_its_line_breaks(client, ward):
    pages = asb_pages(ward.code)
    typed = '<b>Shouting</b> & "music"\nevery night'
    pages[2] = ("behaviour", {"behaviour": ["noise"], "description": typed})
    walk(client, ASB, pages)
    check = page(client, f"/report/{ASB}/check-answers", title="Check your answers")
    value = next(
        row.select_one(".govuk-summary-list__value")
        for row in check.select(".govuk-summary-list__row")
        if row.select_one(".govuk-summary-list__key").get_text(strip=True) == "Describe what is happening"
    )
    assert value.select("b") == []  # shown, not taken as markup
    assert [line.strip() for line in value.stripped_strings] == ['<b>Shouting</b> & "music"', "every night"]
    assert len(value.select("br")) == 1


def test_each_row_changes_its_own_page_and_names_its_question(client, ward):
    walk(client, RTI, road_traffic_pages(ward.code))
    check = page(client, f"/report/{RTI}/check-answers", title="Check your answers")
    rows = check.select(".govuk-summary-list__row")
    links = {}
    for row in rows:
        key = row.select_one(".govuk-summary-list__key").get_text(strip=True)
        change = row.select_one(".govuk-summary-list__actions a")
        assert change.select_one(".govuk-visually-hidden").get_text(strip=True) == key.lower()
        links[key] = change["href"]
    assert len(links) == len(rows)  # every answer once
    assert links["Vehicle 1"] == f"/report/{RTI}/vehicles/1?return-to=check-answers"
    assert links["What happened?"] == f"/report/{RTI}/what-happened?return-to=check-answers"
    # Two answers asked on one page change that one page.
    assert links["Date"] == links["Time"] == f"/report/{RTI}/when?return-to=check-answers"
    headings = check.texts("main h2.govuk-heading-m")
    assert headings[-1] == "Now send your report" and len(headings) == len(check.select(".govuk-summary-list")) + 1
