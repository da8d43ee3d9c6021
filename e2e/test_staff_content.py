"""An officer changes a ward panel priority and reads it on the public ward page; a supervisor reads the statistics
and the borough's priorities. Every staff page visited passes axe."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from portal.demo.staff import development_account
from portal.services.staff import accounts, auth, roles

PASSWORD = "ward content browser test passphrase"
OFFICER = "e2e.content.officer@example.org"
SUPERVISOR = "e2e.content.supervisor@example.org"


@pytest.fixture(scope="module")
def content_staff(live_app: Flask) -> None:
    with live_app.app_context():
        roles.sync_roles()
        if accounts.by_email(OFFICER) is None:
            development_account(OFFICER, "Olu Officer", "officer", PASSWORD, ward_codes=["E05013808"])
        if accounts.by_email(SUPERVISOR) is None:
            development_account(SUPERVISOR, "Sam Supervisor", "supervisor", PASSWORD, borough_codes=["E09000033"])


def sign_in(page: Page, app: Flask, email: str) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    with app.app_context():
        code = auth.current_code(accounts.by_email(email))
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("main").get_by_role("link", name="Ward content")).to_be_visible()


def test_an_officer_changes_a_ward_panel_priority_and_residents_see_it(page: Page, live_app: Flask, content_staff):
    sign_in(page, live_app, OFFICER)
    page.get_by_role("main").get_by_role("link", name="Ward content").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward content")
    assert_accessible(page)

    page.get_by_role("link", name="West End").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West End")
    assert_accessible(page)

    page.get_by_role("button", name="Add a ward panel priority").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a ward panel priority")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("Enter the issue residents raised")
    assert_accessible(page)

    page.get_by_label("You said: the issue residents raised").fill(
        "Cycles ridden on the pavement on Old Compton Street"
    )
    raised = page.get_by_role("group", name="When was it raised?")
    raised.get_by_label("Day").fill("2")
    raised.get_by_label("Month").fill("10")
    raised.get_by_label("Year").fill("2026")
    page.get_by_label("We did: what the ward team is doing about it (optional)").fill(
        "Weekend patrols with the council's cycle safety team"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The ward panel priority is saved")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="View the public ward page for West End").click()
    expect(page.get_by_role("heading", name="Ward panel priorities: you said, we did")).to_be_visible()
    expect(page.get_by_text("Cycles ridden on the pavement on Old Compton Street")).to_be_visible()
    expect(page.get_by_text("Weekend patrols with the council's cycle safety team")).to_be_visible()
    assert_accessible(page)


def test_a_supervisor_reads_the_statistics_and_the_borough_priorities(page: Page, live_app: Flask, content_staff):
    sign_in(page, live_app, SUPERVISOR)
    page.get_by_role("main").get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    expect(page.get_by_role("table", name="Reports by week")).to_be_visible()
    assert_accessible(page)

    page.goto("/staff/ward-content")
    page.get_by_role("link", name="Westminster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Westminster")
    expect(page.get_by_text("Suggested from recorded crime").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set the agreed priority crimes").click()
    page.wait_for_url("**/priorities")  # axe reads the page it lands on, not the one being left
    assert_accessible(page)
    page.get_by_role("button", name="Save priorities").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the borough's agreed priority crimes")
    assert_accessible(page)


LINKER = "e2e.links.officer@example.org"


def test_an_officer_links_a_possible_duplicate_on_the_report_page(page: Page, live_app: Flask):
    from portal.db import session
    from portal.models import Ward
    from portal.services.oversight import identifiers
    from portal.services.reporting import references
    from tests.factories.reports import make_report

    with live_app.app_context():
        roles.sync_roles()
        if accounts.by_email(LINKER) is None:
            development_account(LINKER, "Lin Linker", "officer", PASSWORD, ward_codes=["E05013808"])
        ward = session.query(Ward).filter_by(code="E05013808").one()
        made = []
        for registration in ("LN24 XYZ", "ln24xyz"):
            report = make_report("road-traffic-incident", ward=ward)
            report.answers = {
                "type": "road-traffic-incident",
                "answers": {"vehicles": {"items": [{"registration": registration}], "complete": True}},
                "sections": [],
            }
            identifiers.index_report(report)
            session.commit()
            made.append((report.id, references.display(report.reference)))
    (_first_id, first_ref), (second_id, _second_ref) = made

    sign_in(page, live_app, LINKER)
    page.goto(f"/staff/reports/{second_id}")
    section = page.get_by_role("region", name="Linked reports")
    expect(section.get_by_text("Vehicle registration LN24XYZ (a vehicle in both)")).to_be_visible()
    assert_accessible(page)
    section.get_by_role("button", name=f"Link report {first_ref}").click()
    expect(page.get_by_text(f"Report {first_ref} is linked to this report.")).to_be_visible()
    expect(page.get_by_role("region", name="Linked reports").get_by_role("listitem").first).to_contain_text(first_ref)
    assert_accessible(page)
