"""A resident reports anti-social behaviour; an officer signs in with a code, triages the report from the queue, takes
it, sends the victim an update (the email lands in the outbox) and closes it with an outcome. Every staff page visited
passes axe."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_staff_sign_in import sign_in
from portal.db import session
from portal.demo.staff import DEMO_PASSWORD
from portal.models import OutboxMessage, Report
from portal.services.reporting import references
from tests.factories.reports import asb_pages, send, walk

VICTIM = "triage.victim@example.com"


def submit_report(app: Flask) -> str:
    """The resident's side, through the live app's own request handling (the journeys have their own browser test)."""
    client = app.test_client()
    walk(client, "anti-social-behaviour", asb_pages("E05013808", email=VICTIM))
    send(client, "anti-social-behaviour")
    with app.app_context():
        report = session.query(Report).filter_by(reporter_email=VICTIM).one()
        return references.display(report.reference)


def emails_to_victim(app: Flask) -> list[str]:
    with app.app_context():
        return [m.body_text for m in session.query(OutboxMessage).filter_by(to_address=VICTIM)]


def test_an_officer_takes_a_new_report_from_the_queue_to_a_closed_outcome(page: Page, live_app: Flask):
    reference = submit_report(live_app)
    assert len(emails_to_victim(live_app)) == 1  # the confirmation

    sign_in(page, live_app, "officer.demo@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Reports to triage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(page)

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {reference}")
    expect(page.get_by_text("Groups drinking and shouting at night.")).to_be_visible()
    assert_accessible(page)

    # Triage: THRIVE element by element, a grading and a reason.
    page.get_by_text("Or assess threat, harm, risk, vulnerability and engagement one by one").click()
    for group, choice in [
        ("Threat", "Low"),
        ("Harm", "Medium"),
        ("Risk", "Low"),
        ("Investigation", "Some lines of enquiry"),
        ("Vulnerability", "None identified"),
        ("Engagement", "Willing to engage"),
        ("Grading", "Standard"),
        ("Is the victim entitled to enhanced rights?", "No"),
    ]:
        page.get_by_role("group", name=group).get_by_label(choice, exact=True).check()
    page.get_by_label("Reason for this grading").fill("Weekly nuisance with a known location; no immediate risk.")
    page.get_by_role("button", name="Save grading").click()
    expect(page.get_by_text("Graded Standard").first).to_be_visible()
    assert_accessible(page)

    # Assign: the officer takes the case; the victim is told who has it.
    page.get_by_role("button", name="Take this case").click()
    expect(page.get_by_text("The case is now yours")).to_be_visible()
    assert_accessible(page)

    # A public update from a template, and an internal note that must never reach the victim.
    page.get_by_text("Start from a template").click()
    page.get_by_role("link", name="Enquiries continuing").click()
    expect(page.get_by_label("Update for the victim")).to_have_value(re.compile("Our enquiries are continuing"))
    page.get_by_role("button", name="Send update").click()
    expect(page.get_by_text("Update sent")).to_be_visible()
    page.get_by_label("Internal note").fill("Neighbour at number 12 is the likely source.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added")).to_be_visible()
    assert_accessible(page)

    # Close with an outcome, telling the victim.
    page.get_by_text("Close or refer the case, with its outcome").click()
    page.get_by_role("group", name="Outcome", exact=True).get_by_label("Resolved by words of advice").check()
    page.get_by_label("Reason for the outcome").fill("Spoke to the residents at number 12.")
    page.get_by_role("button", name="Record the outcome and tell the victim").click()
    expect(page.get_by_text("Status changed")).to_be_visible()
    expect(page.get_by_text("Resolved by words of advice").first).to_be_visible()
    assert_accessible(page)

    emails = emails_to_victim(live_app)
    assert any("Our enquiries are continuing" in body for body in emails)
    assert any("is now the officer in charge" in body for body in emails)
    assert any("spoken to the person responsible" in body for body in emails)
    assert not any("number 12" in body for body in emails)

    page.goto("/staff/updates-due")
    expect(page.get_by_role("heading", level=1)).to_have_text("Updates due to victims")
    assert_accessible(page)
