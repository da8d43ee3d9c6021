"""The pages of the stack's journeys, driven as a resident and an officer would, in pieces a test can send through
whichever listener it chooses (both instances, or one)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from e2e_stack.pages import choose, heading, press
from portal.db import session
from portal.demo.staff import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.models import Report, StaffUser
from portal.services.reporting import references
from tests.factories.staff import next_code

OFFICER = DEMO_ACCOUNTS[0][0]  # the demo officer for West End, made by the stack's demonstration data


HATE_QUESTION = "Do you or anyone else think it happened because of hostility or prejudice towards who someone is?"


def road_traffic_to_evidence(page: Page, origin: str = "") -> None:
    """From the start of a road traffic report to its evidence page."""
    page.goto(f"{origin}/report/road-traffic-incident/emergency")
    choose(page, "Is anyone in danger, or is a crime happening now?", "No")
    choose(page, "How were you involved?", "I was driving a vehicle")
    when(page)
    where(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("A delivery van reversed into my parked car.")
    press(page)
    heading(page, "Vehicles involved: vehicle 1")
    page.get_by_label("Registration number (if known)").fill("LX11 ABC")
    page.get_by_label("Another vehicle involved").check()
    press(page, "Save vehicle")
    page.get_by_role("group", name="Do you need to add another vehicle?").get_by_label("No").check()
    press(page)
    choose(page, "Was anyone injured?", "No")
    heading(page, "Describe any damage")
    press(page)
    choose(page, "Did anyone else see what happened?", "No")
    choose(page, HATE_QUESTION, "No")
    choose(page, "Do you have any of these?", "Photos of the scene or damage")
    heading(page, "Upload evidence")


def when(page: Page) -> None:
    heading(page, "When did it happen?")
    today = date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    press(page)


def where(page: Page) -> None:
    heading(page, "Where")
    page.get_by_label("Search for a ward or area").fill("West End")
    press(page, "Search")
    page.get_by_label("West End, Westminster", exact=True).check()
    press(page)
    heading(page, "Describe the place")
    page.get_by_label("Describe the place").fill("Oxford Circus, by the station entrance")
    press(page)


def attach(page: Page, *files: Path) -> None:
    """Upload files on the evidence page (with JavaScript: several at once), then continue."""
    page.get_by_label("Add a file").set_input_files(list(files))
    press(page, "Upload files")
    expect(page.locator("table tbody tr")).to_have_count(len(files))
    heading(page, "Upload evidence")
    press(page)


def details_to_check_answers(page: Page, email: str) -> None:
    """From "Your details" to "Check your answers"."""
    heading(page, "Your details")
    page.get_by_label("Full name").fill("Robin Example")
    page.get_by_label("Email address (optional)").fill(email)
    press(page)
    heading(page, "How to contact you")
    page.get_by_role("group", name="How would you prefer us to contact you?").get_by_label("Email").check()
    page.get_by_label("All are safe").check()
    press(page)
    heading(page, "Confirm your statement")
    page.get_by_label(re.compile("I confirm that the information")).check()
    press(page)
    heading(page, "Check your answers")


def send(page: Page) -> str:
    """Send from "Check your answers"; the reference the confirmation shows."""
    press(page, "Send report")
    return confirmed_reference(page)


def confirmed_reference(page: Page) -> str:
    heading(page, "Report sent")
    reference = page.locator(".dps-reference").inner_text().strip()
    assert references.is_valid(reference)
    return reference


def report_id(portal: Flask, reference: str) -> int:
    with portal.app_context():
        found = session.scalar(select(Report.id).where(Report.reference == references.normalise(reference)))
    assert found is not None, f"no report {reference}"
    return found


def sign_in_officer(page: Page, portal: Flask, origin: str = "") -> None:
    """The demo officer signs in with password and authenticator code."""
    page.goto(f"{origin}/staff/sign-in")
    heading(page, "Sign in")
    page.get_by_label("Email address").fill(OFFICER)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    press(page)
    heading(page, "Enter your security code")
    with portal.app_context():
        code = next_code(session.scalar(select(StaffUser).where(StaffUser.email == OFFICER)))
    page.get_by_label("Security code").fill(code)
    press(page, "Sign in")
    heading(page, "Demo Officer")
