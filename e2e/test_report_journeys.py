"""Report each type in Chromium, with JavaScript and (for one) without it, including save and come back later
through the emailed link. axe runs on every page visited."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from e2e.conftest import assert_accessible
from portal.db import session
from portal.models import OutboxMessage, Report
from portal.services.reporting import references
from tests.support.tracking import sent_body

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def no_js_page(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    NO_SCRIPT_CONTEXTS.append(context)
    yield context.new_page()
    NO_SCRIPT_CONTEXTS.remove(context)
    context.close()


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))
    if scripts_enabled(page):
        assert_accessible(page)


def scripts_enabled(page: Page) -> bool:
    # axe runs as a script in the page, which a context without JavaScript never finishes; the same pages are
    # checked by the tests with JavaScript.
    return page.context not in NO_SCRIPT_CONTEXTS


NO_SCRIPT_CONTEXTS: list = []


def next_page(page: Page, button: str = "Continue") -> None:
    page.get_by_role("button", name=button).click()


def answer(page: Page, question: str, option: str) -> None:
    heading(page, question)
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()
    next_page(page)


def fill_date(page: Page, day: date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


HATE_QUESTION = "Do you or anyone else think it happened because of hostility or prejudice towards who someone is?"


def not_hate_crime(page: Page) -> None:
    """Every report type asks whether anyone thinks it was hate crime (portal/report_types/hate_crime.py)."""
    answer(page, HATE_QUESTION, "No")


def no_files(page: Page) -> None:
    """The evidence upload page: attaching files is optional (e2e/test_evidence.py attaches some)."""
    heading(page, "Upload evidence")
    next_page(page)


def choose_west_end(page: Page) -> None:
    heading(page, "Where")
    page.get_by_label("Search for a ward or area").fill("West End")
    next_page(page, "Search")
    result = page.get_by_label("West End, Westminster", exact=True)
    expect(result).to_be_visible()  # the results have loaded: axe must not run on the page being left
    if scripts_enabled(page):
        assert_accessible(page)
    result.check()
    next_page(page)
    heading(page, "Describe the place")
    page.get_by_label("Describe the place").fill("Outside the station on Oxford Street")
    next_page(page)


def about_you(page: Page, email: str = "e2e@example.com") -> None:
    heading(page, "Your details")
    page.get_by_label("Full name").fill("Robin Example")
    page.get_by_label("Email address (optional)").fill(email)
    next_page(page)
    heading(page, "How to contact you")
    page.get_by_role("group", name="How would you prefer us to contact you?").get_by_label("Email").check()
    page.get_by_label("All are safe").check()
    next_page(page)


def send_and_read_reference(page: Page, live_app: Flask, report_type: str) -> str:
    heading(page, "Check your answers")
    next_page(page, "Send report")
    heading(page, "Report sent")
    reference = page.locator(".dps-reference").inner_text().strip()
    assert references.is_valid(reference)
    with live_app.app_context():
        report = session.scalar(select(Report).where(Report.reference == references.normalise(reference)))
        assert report is not None and report.report_type == report_type
        email = session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(reference)))
        assert email is not None and reference in email.body_text
    return reference


def test_road_traffic_incident_with_javascript(page: Page, live_app: Flask):
    page.goto("/report")
    heading(page, "Report online")
    page.get_by_role("link", name="Report a road traffic incident").click()
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "How were you involved?", "I was driving a vehicle")
    heading(page, "When did it happen?")
    fill_date(page, date.today() - timedelta(days=3))
    page.get_by_label("Time it happened (optional)").fill("08:15")
    next_page(page)
    heading(page, "You are reporting more than 24 hours later")
    next_page(page)
    choose_west_end(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("A van pulled out of a side road into my car.")
    expect(page.locator(".govuk-character-count__status")).to_contain_text("characters remaining")
    next_page(page)
    heading(page, "Vehicles involved: vehicle 1")
    page.get_by_label("Registration number (if known)").fill("AB12 CDE")
    page.get_by_label("Another vehicle involved").check()
    next_page(page, "Save vehicle")
    heading(page, "Vehicles involved")
    page.get_by_role("group", name="Do you need to add another vehicle?").get_by_label("No").check()
    next_page(page)
    answer(page, "Was anyone injured?", "No")
    heading(page, "Describe any damage")
    next_page(page)
    answer(page, "Did anyone else see what happened?", "No")
    not_hate_crime(page)
    answer(page, "Do you have any of these?", "Photos of the scene or damage")
    no_files(page)
    about_you(page)
    heading(page, "Confirm your statement")
    page.get_by_label(re.compile("I confirm that the information")).check()
    next_page(page)
    send_and_read_reference(page, live_app, "road-traffic-incident")


def test_fraud_with_javascript(page: Page, live_app: Flask):
    page.goto("/report/fraud/emergency")
    answer(page, "Is the fraud happening now, or is the suspect with you?", "No")
    heading(page, "Who to report fraud to")
    expect(page.locator("main")).to_contain_text("0300 123 2040")
    page.get_by_label(re.compile("The victim is vulnerable")).check()
    next_page(page)
    answer(page, "How did the suspect contact you?", "Phone call")
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("Someone said they were from my bank.")
    next_page(page)
    heading(page, "When did it start?")
    fill_date(page, YESTERDAY)
    next_page(page)
    answer(page, "Do you have any details of the suspect?", "Yes")
    heading(page, "Details of the suspect")
    page.get_by_label("Phone number").check()
    page.get_by_label("The detail, exactly as you saw it").fill("020 7946 0000")
    next_page(page, "Save detail")
    page.get_by_role("group", name="Do you need to add another detail?").get_by_label("No").check()
    next_page(page)
    answer(page, "Did you lose any money?", "No")
    not_hate_crime(page)
    no_files(page)
    choose_west_end(page)
    about_you(page)
    send_and_read_reference(page, live_app, "fraud")
    expect(page.locator("main")).to_contain_text("information report")


def test_anti_social_behaviour_with_javascript(page: Page, live_app: Flask):
    page.goto("/report/anti-social-behaviour/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "What kind of anti-social behaviour is it?", "A nuisance to the local community")
    fill_asb_middle(page)
    answer(page, "Do you want to give your contact details?", "No, I want to stay anonymous")
    heading(page, "Check your answers")
    next_page(page, "Send report")
    heading(page, "Report sent")
    expect(page.locator("main")).to_contain_text("cannot give you updates")


def fill_asb_middle(page: Page) -> None:
    heading(page, "What is happening?")
    page.get_by_label("Noise").check()
    page.get_by_label("Describe what is happening").fill("Loud music every night after midnight.")
    next_page(page)
    choose_west_end(page)
    heading(page, "When did it last happen?")
    fill_date(page, YESTERDAY)
    next_page(page)
    heading(page, "Is it still going on?")
    page.get_by_role("group", name="Is it still going on?").get_by_label("Yes").check()
    page.get_by_label("Most weeks").check()
    next_page(page)
    answer(page, "Who is affected?", "Neighbours")
    heading(page, "Describe the people involved")
    next_page(page)
    answer(page, "Were any vehicles involved?", "No")
    not_hate_crime(page)
    no_files(page)


def test_anti_social_behaviour_without_javascript_saved_and_resumed_from_the_emailed_link(
    no_js_page: Page, browser: Browser, base_url: str, live_app: Flask
):
    page = no_js_page
    page.goto("/report")
    page.get_by_role("link", name="Report anti-social behaviour").click()
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    heading(page, "What kind of anti-social behaviour is it?")
    next_page(page)  # nothing chosen: the error summary links to the question
    expect(page).to_have_title(re.compile("^Error: "))
    page.get_by_role("link", name="Select the kind of anti-social behaviour").click()
    page.get_by_label("Aimed at me or someone I know").check()
    next_page(page)
    heading(page, "What is happening?")
    page.get_by_role("link", name="Save and come back later").click()
    heading(page, "Save and come back later")
    page.get_by_label("Email address").fill("resume-e2e@example.com")
    next_page(page, "Send me a link")
    heading(page, "Check your email")

    with live_app.app_context():
        queued = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "resume-e2e@example.com"))
        body = sent_body(queued)  # the link is issued as the email is sent
    link = re.search(r"https?://\S+", body).group(0)
    path = "/" + link.split("/", 3)[3]

    other = browser.new_context(java_script_enabled=False, base_url=base_url)
    NO_SCRIPT_CONTEXTS.append(other)
    try:
        resumed = other.new_page()
        resumed.goto(path)
        heading(resumed, "Continue your report")
        next_page(resumed, "Continue your report")
        fill_asb_middle(resumed)
        answer(resumed, "Do you want to give your contact details?", "Yes, I will give my contact details")
        about_you(resumed, email="resume-e2e@example.com")
        send_and_read_reference(resumed, live_app, "anti-social-behaviour")
    finally:
        NO_SCRIPT_CONTEXTS.remove(other)
        other.close()
