"""The officer's queue at 1280 x 800: no sideways scrolling, each reference on one line, rows stacked on a phone; a
reference typed in lower case with spaces finds its report; a filter's count is the number of rows it shows; and a
report's possible duplicates are a short list of links, with the reporter's other reports shown once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.staff import sign_in_officer
from portal.core import clock
from portal.db import session
from portal.models import Ward
from portal.services.cases.triage import urgency
from portal.services.oversight import identifiers
from portal.services.reporting import references
from tests.factories.reports import make_report

PASSWORD = "queue browser test passphrase"
WARD = "E05013808"  # West End
IMEI = "352099001761481"
VICTIM = "e2e.repeat.victim@example.com"


@pytest.fixture(scope="module")
def reports(live_app: Flask) -> dict[str, object]:
    """A triaged report to search for, a burglary-length name and flags to stress the columns, and a report whose
    stolen phone six others also mention, reported by someone who has reported twice before."""
    with live_app.app_context():
        ward = session.query(Ward).filter_by(code=WARD).one()
        now = clock.now()

        def reported(answers=None, hours=1.0, **columns):
            report = make_report(ward=ward, submitted_at=now - timedelta(hours=hours), **columns)
            report.answers = {"type": report.report_type, "answers": answers or {}, "sections": []}
            identifiers.index_report(report)
            session.commit()
            return report

        wanted = reported(status="triaged", grading="standard", urgency=urgency("standard", False))
        for n in range(3):
            reported(
                hours=30 + n,
                flag_injuries=True,
                flag_ongoing=True,
                flag_late_road_traffic=True,
                flag_hate_crime=True,
                vulnerable=True,
                urgency=urgency(None, True),
                reporter_name="Bartholomew Featherstonehaugh-Cholmondeley",
            )
        phone = {"phone": {"imei": IMEI}}
        stolen = reported(phone, hours=2, reporter_email=VICTIM)
        others = [reported(phone, hours=2 + 3 * (n + 1), reporter_email=None) for n in range(6)]
        earlier = [reported(hours=24 * 30 * (n + 1), reporter_email=VICTIM.upper()) for n in range(2)]
        return {
            "wanted": references.display(wanted.reference),
            "stolen": stolen.id,
            "nearest": references.display(others[0].reference),
            "earlier": [references.display(r.reference) for r in earlier],
        }


def sign_in(page: Page, app: Flask, who: str) -> None:
    """Each test its own officer: a security code works once, and these tests sign in within seconds of each other."""
    sign_in_officer(page, app, f"e2e.queue.{who}@example.org", f"Quinn {who.title()}", PASSWORD, WARD)


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_queue_fits_1280_and_a_phone_and_finds_a_reference_typed_loosely(page: Page, live_app: Flask, reports):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_app, "search")
    page.goto("/staff/queue?status=all")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    table = page.get_by_role("table", name="Reports matching the filters")
    expect(table).to_be_visible()
    assert no_sideways_scroll(page)
    # Every reference on one line: one box per link.
    lines = page.eval_on_selector_all(".dps-queue__reference", "links => links.map(a => a.getClientRects().length)")
    assert lines and set(lines) == {1}
    assert_accessible(page)

    search = page.get_by_role("search").get_by_label("Search reports")
    search.fill(reports["wanted"].lower().replace("-", " "))
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 report found")).to_be_visible()
    expect(table.get_by_role("link", name=reports["wanted"])).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(2)  # the header and the report
    assert no_sideways_scroll(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/staff/queue?status=all")
    assert no_sideways_scroll(page)
    # Stacked: each report's values one under another, each with its column's name.
    label = "cell => getComputedStyle(cell, '::before').content"
    assert page.eval_on_selector(".dps-queue-table tbody td", label) == '"Status: "'
    assert_accessible(page)


def test_a_filters_count_is_the_number_of_rows_it_shows(page: Page, live_app: Flask, reports):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_app, "filters")
    page.goto("/staff/queue?status=open")
    grading = page.get_by_label("Grading")
    option = grading.locator("option", has_text="Not graded")
    count = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    assert 0 < count <= 50
    grading.select_option(label=option.inner_text())
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_label("Grading")).to_have_value("ungraded")
    rows = page.get_by_role("table", name="Reports matching the filters").locator("tbody tr")
    expect(rows).to_have_count(count)
    # The status count now counts ungraded reports too, and equals the rows shown.
    status = page.get_by_label("Status").locator("option:checked").inner_text()
    assert status == f"All open ({count})"
    assert_accessible(page)


def test_possible_duplicates_are_a_short_list_of_links_and_a_repeat_reporter_is_said_once(
    page: Page, live_app: Flask, reports
):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_app, "duplicates")
    page.goto(f"/staff/reports/{reports['stolen']}")
    section = page.locator("section").filter(has=page.get_by_role("heading", name="Possible duplicates"))
    items = section.locator(".dps-duplicates__item")
    expect(items).to_have_count(5)
    expect(section.get_by_text("The 5 strongest of 6 other reports")).to_be_visible()
    for n in range(5):
        expect(items.nth(n).get_by_text(f"Phone IMEI {IMEI} (a phone in both)")).to_be_visible()
    repeat = page.get_by_text(re.compile(r"^Repeat reporter: 3 reports in 6 months$"))
    expect(repeat).to_have_count(1)
    for reference in reports["earlier"]:
        expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)

    items.first.get_by_role("link", name=reports["nearest"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {reports['nearest']}")
