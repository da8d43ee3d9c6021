"""The volume crime types, found property and giving information in Chromium: each from its first page to the
confirmation (the crime reference at once) and into the officer's queue, where the report page shows the type's own
fields. "Where do I report this?" carries its answers into a theft report; found property is also reported without
JavaScript, through the lost or found guide. axe runs on every page visited with JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from e2e.staff import sign_in_officer
from e2e.test_report_journeys import (
    HATE_QUESTION,
    NO_SCRIPT_CONTEXTS,
    about_you,
    answer,
    choose_west_end,
    fill_date,
    heading,
    next_page,
    no_files,
    no_js_page,  # noqa: F401  (fixture)
    not_hate_crime,
    send_and_read_reference,
)

YESTERDAY = date.today() - timedelta(days=1)
OFFICER = ("crime.journeys.officer@example.org", "Alex Crime-Journeys", "an officer passphrase for crime journeys")


@pytest.fixture(scope="module")
def officer(browser: Browser, base_url: str, live_app: Flask) -> Iterator[Page]:
    """One officer for West End, signed in once for the module (a sign-in per test would wait for fresh codes)."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in_officer(page, live_app, *OFFICER)
    yield page
    context.close()


def officer_sees(officer: Page, slug: str, reference: str, *texts: str) -> None:
    officer.goto(f"/staff/queue?type={slug}")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(officer)
    officer.get_by_role("link", name=reference).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Report {reference}")
    for text in texts:
        expect(officer.locator("main")).to_contain_text(text)
    assert_accessible(officer)


def nobody_known(page: Page) -> None:
    heading(page, "Suspects and witnesses")
    page.get_by_role("group", name="Do you know anything about who did it?").get_by_label("No").check()
    page.get_by_role("group", name="Did anyone else see it happen?").get_by_label("No").check()
    next_page(page)


def when_yesterday(page: Page) -> None:
    heading(page, "When did it happen?")
    fill_date(page, YESTERDAY)
    next_page(page)


def support(page: Page, choice: str = "No, thank you") -> None:
    heading(page, "Support for you")
    page.get_by_label(choice, exact=True).check()
    next_page(page)


def crime_reference(page: Page, live_app: Flask, slug: str) -> str:
    reference = send_and_read_reference(page, live_app, slug)
    expect(page.locator(".govuk-panel")).to_contain_text("Your crime reference number")
    return reference


def test_where_to_report_carries_its_answers_into_a_theft_report(page: Page, live_app: Flask, officer: Page):
    page.goto("/report")
    page.get_by_role("link", name="Find out where to report it").click()
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "What happened?", "Something was stolen from me, or from a shop or business")
    answer(page, "Where did it happen?", "In London, but not on a train, the Tube or a tram, or at a station")
    snatched = "Snatched from me, for example a phone taken by someone on foot, a bike or a moped"
    answer(page, "How was it stolen?", snatched)
    heading(page, "Report a theft")
    next_page(page, "Start your report")
    when_yesterday(page)  # the emergency and "how was it stolen" questions were answered in the router
    choose_west_end(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("A man on a moped took my phone from my hand.")
    next_page(page)
    heading(page, "What was stolen: item 1")
    page.get_by_label("What is it?").fill("Phone in a blue case")
    next_page(page, "Save item")
    page.get_by_role("group", name="Do you need to add another item?").get_by_label("No").check()
    next_page(page)
    answer(page, "Was a mobile phone stolen?", "Yes")
    heading(page, "The stolen phone")
    page.get_by_label("Phone make").fill("Apple")
    page.get_by_label("IMEI number (optional)").fill("35 209900 176148 1")
    page.get_by_role("group", name="Have you asked your network to block the phone?").get_by_label("Yes").check()
    next_page(page)
    nobody_known(page)
    not_hate_crime(page)
    no_files(page)
    about_you(page, email="theft-e2e@example.com")
    support(page, "Victim Support")
    heading(page, "Check your answers")
    expect(page.locator("main")).to_contain_text(snatched)  # carried from the router
    reference = crime_reference(page, live_app, "theft")
    officer_sees(officer, "theft", reference, "352099001761481", "Asked for a support referral")


def test_burglary(page: Page, live_app: Flask, officer: Page):
    page.goto("/report/burglary/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "Where was the break-in?", "My home, or a home I look after")
    heading(page, "Keep the scene as it is")
    next_page(page)
    answer(page, "Is everything as you found it?", "Yes, nothing has been moved, touched or cleaned")
    heading(page, "When did it happen?")
    for group, day in (
        ("When was it last secure?", YESTERDAY - timedelta(days=1)),
        ("When was the break-in found?", YESTERDAY),
    ):
        dates = page.get_by_role("group", name=group)
        dates.get_by_label("Day").fill(str(day.day))
        dates.get_by_label("Month").fill(str(day.month))
        dates.get_by_label("Year").fill(str(day.year))
    next_page(page)
    choose_west_end(page)
    answer(page, "How did they get in?", "They forced a door or its lock")
    answer(page, "Was anything stolen?", "No")
    nobody_known(page)
    not_hate_crime(page)
    no_files(page)
    about_you(page, email="burglary-e2e@example.com")
    support(page)
    reference = crime_reference(page, live_app, "burglary")
    expect(page.locator("main")).to_contain_text("keep the scene as it is")
    officer_sees(officer, "burglary", reference, "They forced a door or its lock")


def test_criminal_damage_perceived_as_hate_crime(page: Page, live_app: Flask, officer: Page):
    page.goto("/report/criminal-damage/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    heading(page, "What was damaged?")
    page.get_by_role("group", name="What was damaged?").get_by_label("A vehicle", exact=True).check()
    page.get_by_role("group", name="Was it graffiti?").get_by_label("Yes").check()
    page.get_by_label("Describe the damage").fill("Symbols sprayed on the bonnet.")
    next_page(page)
    when_yesterday(page)
    choose_west_end(page)
    heading(page, "How much will it cost")
    page.get_by_label("How much will it cost to repair or replace? (optional)").fill("450")
    next_page(page)
    answer(page, "Do you want to list damaged items, such as a phone or a bike?", "No")
    nobody_known(page)
    answer(page, HATE_QUESTION, "Yes")
    heading(page, "About the hostility or prejudice")
    page.get_by_label("Religion or belief, or having no religion").check()
    page.get_by_role("group", name="Who thinks this?").get_by_label("Both").check()
    next_page(page)
    no_files(page)
    about_you(page, email="damage-e2e@example.com")
    support(page)
    reference = crime_reference(page, live_app, "criminal-damage")
    officer_sees(officer, "criminal-damage", reference, "Hate crime (perceived)", "religion or belief")


def test_vehicle_crime(page: Page, live_app: Flask, officer: Page):
    page.goto("/report/vehicle-crime/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "What happened to the vehicle?", "The vehicle was stolen")
    heading(page, "The vehicle")
    page.get_by_label("Registration number").fill("lk19 xyz")
    page.get_by_label("Make", exact=True).fill("Honda")
    page.get_by_label("Colour").fill("White")
    next_page(page)
    answer(page, "Where are the vehicle's keys?", "I have all the keys")
    when_yesterday(page)
    choose_west_end(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("It was parked overnight and had gone in the morning.")
    next_page(page)
    answer(page, "Was anything stolen from the vehicle?", "No")
    nobody_known(page)
    not_hate_crime(page)
    no_files(page)
    about_you(page, email="vehicle-e2e@example.com")
    support(page)
    reference = crime_reference(page, live_app, "vehicle-crime")
    officer_sees(officer, "vehicle-crime", reference, "LK19 XYZ", "I have all the keys")


def test_bicycle_theft(page: Page, live_app: Flask, officer: Page):
    page.goto("/report/bicycle-theft/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    heading(page, "The bicycle")
    page.get_by_label("Make", exact=True).fill("Brompton")
    page.get_by_label("Colour").fill("Red")
    page.get_by_label("Folding").check()
    page.get_by_label("Frame number (optional)").fill("ab 123456")
    next_page(page)
    answer(page, "How was it left?", "Locked to a cycle stand, railing or other fixed object")
    heading(page, "Bike register")
    page.get_by_role("group", name="Is the bicycle on a bike register?").get_by_label("No", exact=True).check()
    next_page(page)
    when_yesterday(page)
    choose_west_end(page)
    answer(page, "Was anything else stolen with it, such as lights or a bag?", "No")
    nobody_known(page)
    not_hate_crime(page)
    no_files(page)
    about_you(page, email="bicycle-e2e@example.com")
    support(page)
    reference = crime_reference(page, live_app, "bicycle-theft")
    officer_sees(officer, "bicycle-theft", reference, "AB 123456")


def test_give_information_anonymously(page: Page, live_app: Flask, officer: Page):
    page.goto("/report/give-information/emergency")
    answer(page, "Is anyone in danger, or is a crime happening now?", "No")
    answer(page, "What is your information about?", "Drug dealing, or a place where drugs are sold or used")
    heading(page, "What do you know?")
    page.get_by_label("What do you know?").fill("Drugs are sold from a car outside the launderette.")
    next_page(page)
    choose_west_end(page)
    answer(page, "Do you know who is involved?", "No")
    not_hate_crime(page)
    no_files(page)
    heading(page, "Your name and contact details")
    expect(page.locator("main")).to_contain_text("0800 555 111")  # the Crimestoppers alternative, before choosing
    page.get_by_label("No, I want to stay anonymous").check()
    next_page(page)
    heading(page, "Check your answers")
    next_page(page, "Send report")
    heading(page, "Report sent")
    expect(page.locator("main")).to_contain_text("cannot be tracked online")
    reference = page.locator(".dps-reference").inner_text().strip()
    officer_sees(officer, "give-information", reference, "launderette", "chose not to give their details")


def found_something(page: Page, scripts: bool = True) -> None:
    """From the lost or found guide to the found property report's confirmation."""
    check = heading if scripts else no_axe_heading
    page.goto("/lost-or-found")
    check(page, "Lost or found something?")
    page.get_by_role("link", name="I have found something").click()
    check(page, "You have found something")
    page.get_by_label("A phone, laptop, tablet, camera or anything else that holds personal data").check()
    page.get_by_label("In the street, a park or somewhere else outside").check()
    next_page(page)
    check(page, "You can hand it in")
    next_page(page, "Hand in found property")
    check(page, "About the item")  # danger screening and what was found were answered in the guide
    page.get_by_label("What is it?").fill("Black phone")
    page.get_by_label("Serial number or other unique number (optional)").fill("SN-ABC-98765")
    next_page(page)
    check(page, "When did you find it?")
    fill_date(page, YESTERDAY)
    next_page(page)
    choose_west_end(page)
    check(page, "Do you know anything about who owns it?")
    next_page(page)
    about_you(page, email="found-e2e@example.com")


def no_axe_heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))


def test_found_property_from_the_guide(page: Page, live_app: Flask, officer: Page):
    found_something(page)
    reference = send_and_read_reference(page, live_app, "found-property")
    counter = page.locator(".dps-counter").first
    expect(counter).to_contain_text("Charing Cross front counter")  # the nearest to West End
    expect(counter).to_contain_text("Open now")
    officer_sees(officer, "found-property", reference, "SN-ABC-98765")


def test_found_property_without_javascript(no_js_page: Page, live_app: Flask):  # noqa: F811  (the fixture)
    assert no_js_page.context in NO_SCRIPT_CONTEXTS
    found_something(no_js_page, scripts=False)
    send_and_read_reference(no_js_page, live_app, "found-property")
    expect(no_js_page.locator(".dps-counter").first).to_contain_text("Charing Cross front counter")
