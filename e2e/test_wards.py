"""Find a ward with and without JavaScript, read its page, tell the team your priorities; axe on every page."""

import re

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from portal.extensions import limiter

WEST_END = "/wards/E05013808"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(live_app: Flask):
    # Every test here posts from the same address; the priorities form allows 5 a minute from one.
    with live_app.app_context():
        limiter.reset()


@pytest.fixture
def no_js_page(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    yield context.new_page()
    context.close()


def test_find_a_ward_without_javascript(no_js_page: Page):
    # axe needs JavaScript, so the same pages are checked for accessibility by the next test.
    page = no_js_page
    page.goto("/wards")
    page.get_by_label("Ward, area or borough name").fill("Westminster")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wards matching “Westminster”")
    page.get_by_role("link", name="West End", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West End ward")


def test_the_finder_and_results_pages_are_accessible(page: Page):
    page.goto("/wards")
    assert_accessible(page)
    page.goto("/wards?q=Westminster")
    expect(page.get_by_role("link", name="West End", exact=True)).to_be_visible()
    assert_accessible(page)


def test_find_a_ward_with_the_autocomplete(page: Page):
    page.goto("/wards")
    box = page.get_by_role("combobox", name="Ward, area or borough name")
    box.press_sequentially("west en", delay=30)
    options = page.get_by_role("listbox", name="Matching wards").get_by_role("option")
    expect(options.first).to_be_visible()
    expect(page.get_by_role("option", name="West End, Westminster")).to_be_visible()
    assert_accessible(page)
    names = options.all_inner_texts()
    for _ in range(names.index("West End, Westminster") + 1):
        box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/wards/E05013808$"))


def test_an_empty_search_is_explained(page: Page):
    page.goto("/wards")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a ward or borough name")
    assert_accessible(page)


def test_the_ward_page_has_its_team_statistics_with_a_table_alternative_and_advice(page: Page):
    page.goto(WEST_END)
    expect(page).to_have_title(re.compile(r"^West End ward, Westminster"))
    expect(page.get_by_role("region", name="Demonstration data")).to_be_visible()
    expect(page.get_by_role("heading", name="Your ward team", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Bar chart of recorded crime by category in West End")).to_be_visible()
    table = page.get_by_role("table", name="Recorded crime by category in West End")
    expect(table.get_by_role("rowheader", name=re.compile("^Theft from the person"))).to_be_visible()
    expect(page.get_by_role("img", name="Map of Westminster with West End ward highlighted")).to_be_visible()
    expect(page.get_by_role("heading", name="Crime that is rising in West End")).to_be_visible()
    expect(page.locator(".dps-rising__reason").first).to_contain_text("compared with a year ago")
    assert_accessible(page)


def test_city_of_london_ward_points_to_the_city_police(page: Page):
    page.goto("/wards/E05009288")
    expect(
        page.get_by_text("Crime statistics for Aldersgate are published by the City of London Police")
    ).to_be_visible()
    assert_accessible(page)


def test_tell_us_your_priorities(page: Page):
    page.goto(WEST_END)
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one local issue")
    assert_accessible(page)
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_label("Phone and bag theft").check()
    page.get_by_label("Anything else you want your ward team to know (optional)").fill("<b>Bikes</b> on pavements")
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)


def test_tell_us_your_priorities_without_javascript(no_js_page: Page):
    # The ward page is the same for everyone (caches keep it), so its form carries no token: the first press shows
    # the answers back, with one, to be sent.
    page = no_js_page
    page.goto(WEST_END)
    page.get_by_label("Anti-social behaviour", exact=True).check()
    page.get_by_label("Anything else you want your ward team to know (optional)").fill("Noise from the arcade")
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send your priorities")
    expect(page.get_by_label("Anti-social behaviour", exact=True)).to_be_checked()
    expect(page.get_by_label("Anything else you want your ward team to know (optional)")).to_have_value(
        "Noise from the arcade"
    )
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_when_no_token_can_be_had_the_answers_come_back_to_be_sent(page: Page):
    page.route("**/form-token", lambda route: route.abort())  # the script cannot fetch one
    page.goto(WEST_END)
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send your priorities")
    expect(page.get_by_label("Drug dealing or drug use")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_with_javascript_the_first_press_sends(page: Page):
    page.goto(WEST_END)
    assert page.context.cookies() == []  # the page set none
    page.get_by_label("Burglary", exact=True).check()
    page.get_by_role("button", name="Send your priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
