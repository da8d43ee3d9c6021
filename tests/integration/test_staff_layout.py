"""The staff layout on every page under /staff: its own header with the signed-in person, their role and scope, the
staff areas their permissions allow and sign out; never the public header and its menu."""

from __future__ import annotations

import re

import pytest

from portal.db import session
from portal.models import Borough, Ward
from portal.staff.navigation import AREAS, NAVIGATION
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

EVERYONE = ["Queue", "Updates due", "Find a case", "Statistics"]


@pytest.fixture
def westminster(app):
    with app.app_context():
        borough = make_borough("Westminster", "E09000033")
        return {"borough": borough.id, "ward": make_ward("West End", "E05013808", borough).id}


def staff_client(app, role, westminster, **kwargs):
    client = app.test_client()
    with app.app_context():
        ward, borough = session.get(Ward, westminster["ward"]), session.get(Borough, westminster["borough"])
        scope = {"officer": {"wards": [ward]}, "supervisor": {"boroughs": [borough]}}
        scope["front_counter"] = scope["supervisor"]
        login_as(client, make_staff(role, **scope.get(role, {}), **kwargs))
    return client


@pytest.mark.parametrize(
    ("role", "areas"),
    [
        ("officer", [*EVERYONE, "Ward content"]),
        ("front_counter", EVERYONE),
        ("supervisor", [*EVERYONE, "Ward content", "Audit log", "Information rights"]),
        ("admin", [*EVERYONE, "Ward content", "Accounts", "Audit log", "Information rights"]),
        ("information_rights", [*EVERYONE, "Audit log", "Information rights"]),
    ],
)
def test_the_staff_navigation_shows_only_the_areas_the_role_may_use(app, westminster, role, areas):
    client = staff_client(app, role, westminster)
    home = page(client, "/staff/", title="Staff home")
    assert home.texts("nav[aria-label='Staff areas'] a") == areas
    # Each link opens: the permission that showed it is the one its page requires.
    for link in home.select("nav[aria-label='Staff areas'] a"):
        page(client, link["href"])


def test_the_header_names_the_person_their_role_and_scope_and_has_sign_out_not_the_public_menu(app, westminster):
    client = staff_client(app, "officer", westminster, name="PC Amy Jones")
    for url in ("/staff/", "/staff/queue", "/staff/updates-due"):
        shown = page(client, url)
        header = " ".join(shown.texts("header[role=banner]"))
        assert "PC Amy Jones" in header and "Officer, West End, Westminster" in header
        assert shown.select_one("header[role=banner] form")["action"] == "/staff/sign-out"
        assert shown.select(".govuk-service-navigation") == []
        assert "Staff sign in" not in shown.text and "Track a report" not in shown.text
        assert shown.select(".dps-emergency-line") == []
        # The whole width, header to footer.
        assert shown.select("main").pop().find_parent(class_="dps-full-width") is not None
        assert shown.select("footer .dps-full-width")


def test_a_report_page_is_part_of_the_queue_in_the_navigation(app, westminster):
    client = staff_client(app, "officer", westminster)
    with app.app_context():
        report_id = make_report(ward=session.get(Ward, westminster["ward"])).id
    shown = page(client, f"/staff/reports/{report_id}")
    assert shown.texts("nav[aria-label='Staff areas'] a[aria-current=page]") == ["Queue"]
    assert page(client, "/staff/queue").texts("nav[aria-label='Staff areas'] a[aria-current=page]") == ["Queue"]
    assert page(client, "/staff/").select("nav[aria-label='Staff areas'] a[aria-current]") == []


def test_a_long_scope_is_summed_up_in_the_header(app, westminster):
    client = app.test_client()
    with app.app_context():
        borough = session.get(Borough, westminster["borough"])
        wards = [session.get(Ward, westminster["ward"])]
        wards += [make_ward(f"Ward {n}", f"E0509999{n}", borough) for n in range(3)]
        login_as(client, make_staff("officer", wards=wards))
    header = " ".join(page(client, "/staff/").texts("header[role=banner]"))
    # Two of the four wards, then how many more.
    assert re.search(r"Officer, [\w ]+, Westminster; [\w ]+, Westminster and 2 more Sign out", header), header


def test_before_signing_in_the_staff_header_has_neither_a_person_nor_the_public_menu(client):
    shown = page(client, "/staff/sign-in", title="Sign in")
    assert shown.select("header[role=banner] .moj-header__logo")
    assert shown.select("nav[aria-label='Staff areas']") == []
    assert shown.select("header[role=banner] form") == []
    assert shown.select(".govuk-service-navigation") == []


def test_every_area_in_the_navigation_is_an_area_of_the_home_page():
    assert set(NAVIGATION) <= {endpoint for _label, endpoint, _permission in AREAS}


def test_an_error_under_staff_keeps_the_staff_header(app, westminster, client):
    signed_in = staff_client(app, "officer", westminster, name="PC Amy Jones")
    missing = page(signed_in, "/staff/reports/999999", status=404, title="Page not found")
    assert "PC Amy Jones" in " ".join(missing.texts("header[role=banner]"))
    assert missing.select(".govuk-service-navigation") == []
    assert missing.select_one("main a[href='/staff/']").get_text(strip=True) == "Go to the home page"
    # Signed out, the staff header still, without a person; elsewhere the public header.
    assert page(client, "/staff/no-such-page", status=404).select(".govuk-service-navigation") == []
    public = page(client, "/no-such-page", status=404)
    assert public.select(".govuk-service-navigation") and public.select(".dps-full-width") == []
