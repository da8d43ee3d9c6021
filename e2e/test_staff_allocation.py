"""A resident reports anti-social behaviour without knowing the ward; the supervisor finds the report among those not
yet allocated, is told to choose a ward when they press the button without one, allocates it to West End, and then
West End's officer can open it from their queue. Every staff page visited passes axe."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Locator, Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback
from sqlalchemy import func, select

from e2e.conftest import assert_accessible
from e2e.test_staff_sign_in import sign_in
from portal.db import session
from portal.demo.staff import DEMO_PASSWORD
from portal.models import Report
from portal.report_types.common import UNKNOWN_WARD
from portal.services.cases import states as case_states
from portal.services.reporting import references
from tests.factories.reports import asb_pages, send, walk

REPORTER = "allocation.reporter@example.com"


def submit_report_without_a_ward(app: Flask) -> str:
    """The resident's side, through the live app's own request handling, answering "I do not know the ward"."""
    client = app.test_client()
    walk(client, "anti-social-behaviour", asb_pages(UNKNOWN_WARD, email=REPORTER))
    send(client, "anti-social-behaviour")
    with app.app_context():
        report = session.query(Report).filter_by(reporter_email=REPORTER).one()
        assert report.ward_id is None
        return references.display(report.reference)


def not_yet_allocated(app: Flask) -> int:
    """Reports awaiting triage with no ward (the queue's default view), counting any that other browser tests in the
    same run sent without a ward."""
    with app.app_context():
        query = select(func.count()).select_from(Report).where(Report.ward_id.is_(None))
        return session.scalar(query.where(Report.status == case_states.RECEIVED))


def ward_row(page: Page) -> Locator:
    """The value of "Ward" in the case summary (the reporter's own answers further down have a "Ward" row too)."""
    summary = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name="Case", exact=True))
    return summary.locator(".govuk-summary-list__row").filter(has=page.get_by_text("Ward", exact=True)).locator("dd")


def test_a_supervisor_allocates_a_report_with_no_ward_and_the_wards_officer_can_open_it(
    page: Page, live_app: Flask, new_context: CreateContextCallback
):
    reference = submit_report_without_a_ward(live_app)
    waiting = not_yet_allocated(live_app)

    sign_in(page, live_app, "supervisor.demo@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Supervisor")
    page.get_by_role("link", name="Reports to triage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    reports = "report is" if waiting == 1 else "reports are"
    expect(page.locator("#not-allocated")).to_contain_text(f"{waiting} {reports} not yet allocated to a ward")

    # The ward filter's "Not yet allocated to a ward" choice lists only reports with no ward.
    page.get_by_label("Ward", exact=True).select_option(label=f"Not yet allocated to a ward ({waiting})")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]ward=none(&|$)"))
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(waiting + 1)  # the heading row and one row a report
    expect(rows.filter(has=page.get_by_role("link", name=reference))).to_contain_text("ward not known")
    assert_accessible(page)

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {reference}")
    expect(ward_row(page)).to_have_text("Not yet allocated to a ward")
    expect(page.get_by_role("heading", name="Allocate to a ward")).to_be_visible()
    assert_accessible(page)

    # Pressing the button without a ward: the error summary links to the field, which shows the error too.
    page.get_by_role("button", name="Allocate to this ward").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    error_link = summary.get_by_role("link", name="Select the ward where it happened")
    expect(error_link).to_have_attribute("href", "#allocate-ward")
    ward_field = page.get_by_label("Ward", exact=True)
    expect(ward_field).to_have_id("allocate-ward")
    expect(page.locator("#allocate-ward-error")).to_contain_text("Select the ward where it happened")
    assert_accessible(page)
    error_link.click()
    expect(ward_field).to_be_focused()
    expect(ward_row(page)).to_have_text("Not yet allocated to a ward")

    ward_field.select_option(label="West End, Westminster")
    page.get_by_role("button", name="Allocate to this ward").click()
    expect(page.get_by_role("region", name="Messages")).to_contain_text(
        "Allocated to West End: its officers can now see it"
    )
    expect(ward_row(page)).to_have_text("West End")
    expect(page.get_by_role("heading", name="Allocate to a ward")).to_have_count(0)
    allocated = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Allocated to a ward"))
    expect(allocated).to_contain_text("Allocated to West End (Westminster).")
    expect(allocated).to_contain_text("Demo Supervisor")
    expect(allocated).to_contain_text("Internal")
    assert_accessible(page)
    assert not_yet_allocated(live_app) == waiting - 1

    # West End's officer, in a browser of their own, now has the report in their queue.
    officer = new_context().new_page()
    sign_in(officer, live_app, "officer.demo@example.org", DEMO_PASSWORD)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Demo Officer")
    officer.get_by_role("link", name="Reports to triage").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Reports")
    officer.get_by_role("link", name=reference).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Report {reference}")
    expect(ward_row(officer)).to_have_text("West End")
    expect(officer.get_by_text("Groups drinking and shouting at night.")).to_be_visible()
    assert_accessible(officer)
