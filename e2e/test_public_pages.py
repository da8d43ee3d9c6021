import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible

PAGES = ["/", "/accessibility-statement", "/privacy-notice", "/cookies", "/contact", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_information_pages_have_no_accessibility_violations(page: Page, path: str):
    page.goto(path)
    expect(page.get_by_role("region", name="Emergency contact")).to_contain_text("call 999")
    assert_accessible(page)


def test_navigation_reaches_the_footer_pages(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")


def test_mobile_menu_is_enhanced_with_javascript(page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Track a report")).to_be_visible()
    assert_accessible(page)


def test_home_page_works_without_javascript(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Digital police station")
        # Without JavaScript the navigation is a plain list of links, all visible.
        menu = page.get_by_role("navigation", name="Menu")
        for name in ("Your area", "Report", "Track a report", "Staff sign in"):
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        page.get_by_role("link", name="Cookies").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    finally:
        context.close()
