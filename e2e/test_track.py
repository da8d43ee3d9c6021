"""A victim follows their report from submission, with JavaScript and without it: report anti-social behaviour aimed
at them, open the link from the confirmation email, see the case, get an officer's update (posted in the staff view)
on the page and by email, and add information that the officer then sees. axe runs on every page visited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from e2e.conftest import assert_accessible
from e2e.staff import sign_in_officer
from e2e.test_report_journeys import (
    NO_SCRIPT_CONTEXTS,
    about_you,
    answer,
    fill_asb_middle,
    heading,
    next_page,
    scripts_enabled,
    send_and_read_reference,
)
from portal.db import session
from portal.models import OutboxMessage, Report
from portal.services.reporting import references
from tests.support.tracking import LINK, addressed_to, sent_body

OFFICER_PASSWORD = "a passphrase for the tracking officer"
UPDATE = "We have spoken to your neighbours and will visit again on Friday."
NEW_INFORMATION = "The music started again last night at 1am, louder than before."


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def browser_page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[tuple[Page, bool]]:
    context = new_context(browser, base_url, request.param)
    yield context.new_page(), request.param
    close(context)


def new_context(browser: Browser, base_url: str, js: bool) -> BrowserContext:
    # axe is a script: it cannot run without JavaScript, so those pages are checked in the JavaScript variant.
    context = browser.new_context(java_script_enabled=js, base_url=base_url)
    if not js:
        NO_SCRIPT_CONTEXTS.append(context)
    return context


def close(context: BrowserContext) -> None:
    if context in NO_SCRIPT_CONTEXTS:
        NO_SCRIPT_CONTEXTS.remove(context)
    context.close()


def officer_email(js: bool) -> str:
    # One officer per variant: a security code works only once.
    return f"track.officer.{'js' if js else 'nojs'}@example.org"


def emailed_link(app: Flask, kind: str, to: str) -> str:
    """The link in the latest such email, as the outbox sender sends it (the link is issued then)."""
    with app.app_context():
        latest = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind, addressed_to(to)).order_by(OutboxMessage.id.desc())
        ).first()
        assert latest is not None, f"no {kind} email to {to}"
        body = sent_body(latest)
    match = LINK.search(body)
    assert match, "the email carries no sign-in link"
    # The link names the configured public address; the test server listens elsewhere, so follow its path.
    return urlsplit(match.group(0)).path


def test_a_victim_follows_their_report_and_the_officer_sees_what_they_add(
    browser_page: tuple[Page, bool], browser: Browser, base_url: str, live_app: Flask
):
    page, js = browser_page
    victim_email = f"victim.{'js' if js else 'nojs'}@example.com"

    # Report anti-social behaviour aimed at the victim.
    page.goto("/report/anti-social-behaviour/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "What kind of anti-social behaviour is it?", "Aimed at me or someone I know")
    fill_asb_middle(page)
    answer(page, "Do you want to give your contact details?", "Yes, I will give my contact details")
    about_you(page, email=victim_email)
    reference = send_and_read_reference(page, live_app, "anti-social-behaviour")

    # Open the link from the confirmation email: one press of Continue, then the case.
    page.goto(emailed_link(live_app, "report-confirmation", victim_email))
    heading(page, "See your report")
    next_page(page, "Continue to your report")
    heading(page, "Your report of anti-social behaviour")
    expect(page.locator("main")).to_contain_text("We received your report")
    expect(page.locator("main")).to_contain_text("Next update due")
    # Aimed at the victim: the pages offer a quick exit.
    expect(page.get_by_role("button", name=re.compile("Exit this page"))).to_be_visible()

    # An officer posts an update in the staff view.
    with live_app.app_context():
        report_id = session.scalar(select(Report.id).where(Report.reference == references.normalise(reference)))
    staff_context = new_context(browser, base_url, js)
    officer = staff_context.new_page()
    sign_in_officer(officer, live_app, officer_email(js), "PC Track Officer", OFFICER_PASSWORD)
    officer.goto(f"/staff/reports/{report_id}")
    heading(officer, f"Report {reference}")
    officer.get_by_label("Update for the victim").fill(UPDATE)
    next_page(officer, "Send update")
    expect(officer.locator("main")).to_contain_text(UPDATE)

    # The victim sees it on the case page, and receives it by email with a fresh link.
    page.reload()
    heading(page, "Your report of anti-social behaviour")
    expect(page.locator(".dps-timeline")).to_contain_text(UPDATE)
    with live_app.app_context():
        queued = session.scalar(
            select(OutboxMessage).where(OutboxMessage.kind == "case-update", OutboxMessage.to_address == victim_email)
        )
        assert queued is not None
        update_email = sent_body(queued)
    assert UPDATE in update_email and LINK.search(update_email)

    # The victim adds information.
    page.get_by_role("link", name="Tell us something new about your report").click()
    heading(page, "Tell us something new")
    page.get_by_label("What do you want to tell us?").fill(NEW_INFORMATION)
    next_page(page, "Send")
    heading(page, "Your report of anti-social behaviour")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have sent your information")

    # The officer sees it, and the case is flagged for them.
    officer.goto(f"/staff/reports/{report_id}")
    heading(officer, f"Report {reference}")
    expect(officer.locator("#victim-requests").locator("xpath=..")).to_contain_text(NEW_INFORMATION)
    expect(officer.locator("main")).to_contain_text("New information from the victim")
    close(staff_context)

    # Signing out ends the case session.
    page.get_by_role("button", name="Sign out").click()
    heading(page, "You have signed out")
    page.goto("/track/case")
    heading(page, "Track your report")


def test_the_track_page_and_check_your_email_page_are_accessible(browser_page: tuple[Page, bool]):
    page, _js = browser_page
    page.goto("/track")
    heading(page, "Track your report")
    page.get_by_label("Reference number").fill("nonsense")
    page.get_by_label("Email address").fill("someone@example.com")
    next_page(page, "Send me a link")
    expect(page).to_have_title(re.compile("^Error: "))
    if scripts_enabled(page):
        assert_accessible(page)
    page.get_by_label("Reference number").fill(references.display(references.new_reference()))
    next_page(page, "Send me a link")
    heading(page, "Check your email")
    expect(page.locator("main")).to_contain_text("If these match a report, we have sent a link to that address")
