import pytest

from tests.pages import page

PAGES = [
    ("/", "Home"),
    ("/accessibility-statement", "Accessibility statement"),
    ("/privacy-notice", "Privacy notice"),
    ("/cookies", "Cookies"),
    ("/contact", "Contact us"),
]


@pytest.mark.parametrize(("url", "title"), PAGES)
def test_every_information_page_carries_the_emergency_line_navigation_and_footer(client, url, title):
    p = page(client, url, title=title)
    emergency = p.select_one(".dps-emergency-line").get_text(" ", strip=True)
    assert "call 999" in emergency
    assert "textphone 18000" in emergency
    assert "101" in emergency and "textphone 18001 101" in emergency
    assert p.texts(".govuk-service-navigation__item") == ["Your area", "Report", "Track a report", "Staff sign in"]
    assert p.texts(".govuk-footer__inline-list-item") == [
        "Accessibility statement",
        "Privacy notice",
        "Cookies",
        "Contact us",
    ]
    assert p.select_one("header").get_text(" ", strip=True).startswith("Metropolitan Police")


def test_no_gov_uk_crown_logotype_or_font(client):
    p = page(client, "/")
    assert not p.select("svg.govuk-logo, .govuk-header__logotype, .govuk-footer__crown")
    assert "GOV.UK" not in p.text
    with client.get("/assets/portal.css") as css:
        assert css.status_code == 200
        assert b"GDS Transport" not in css.data
        assert b"system-ui" in css.data


def test_home_page_says_what_you_can_do_and_what_not_to_report(client):
    p = page(client, "/", title="Home")
    headings = p.texts("h2")
    assert {"Your area", "Report online", "Track a report", "What not to report online"} <= set(headings)
    assert "Report Fraud on 0300 123 2040" in p.text


def test_privacy_notice_covers_collection_retention_and_rights(client):
    p = page(client, "/privacy-notice")
    assert {"What we collect and why", "How long we keep it", "Your rights"} <= set(p.texts("h2"))


def test_cookies_page_lists_only_the_essential_session_cookie(client):
    p = page(client, "/cookies")
    assert p.texts("tbody td:first-child") == ["dps_session"]


def test_force_details_come_from_configuration(app):
    from portal import create_app
    from portal.config import TestConfig

    config = TestConfig()
    config.DATABASE_URL = app.config["DATABASE_URL"]
    config.FORCE_NAME = "Example Constabulary"
    config.NON_EMERGENCY_NUMBER = "0300 000 0000"
    other = create_app(config)
    p = page(other.test_client(), "/")
    assert "Example Constabulary" in p.select_one("header").get_text()
    assert "For non-emergencies call 0300 000 0000" in p.select_one(".dps-emergency-line").get_text(" ", strip=True)
