"""Evidence from the resident's device to the officer's screen: attach two photos to a road traffic report (with
JavaScript, both at once), remove one, send, and an officer signed in with a TOTP code views the one that remains,
unchanged. axe runs on every page visited."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from e2e.conftest import assert_accessible
from e2e.staff import sign_in_officer
from portal.db import session
from portal.models import Evidence, Report
from portal.services.reporting import references
from tests.support import evidence_samples as samples

OFFICER_EMAIL = "evidence.officer@example.org"
OFFICER_PASSWORD = "an officer passphrase for evidence"


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))
    assert_accessible(page)


def press(page: Page, button: str = "Continue") -> None:
    page.get_by_role("button", name=button, exact=True).click()


def choose(page: Page, question: str, option: str) -> None:
    heading(page, question)
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()
    press(page)


def to_the_evidence_page(page: Page) -> None:
    page.goto("/report/road-traffic-incident/emergency")
    choose(page, "Is anyone in danger, or is a crime happening now?", "No")
    choose(page, "How were you involved?", "I was driving a vehicle")
    heading(page, "When did it happen?")
    today = date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    press(page)
    heading(page, "Where")
    page.get_by_label("Search for a ward or area").fill("West End")
    press(page, "Search")
    page.get_by_label("West End, Westminster", exact=True).check()
    press(page)
    heading(page, "Describe the place")
    page.get_by_label("Describe the place").fill("Oxford Circus, by the station entrance")
    press(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("A bus clipped my wing mirror while I was parked.")
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
    choose(
        page, "Do you or anyone else think it happened because of hostility or prejudice towards who someone is?", "No"
    )
    choose(page, "Do you have any of these?", "Photos of the scene or damage")
    heading(page, "Upload evidence")


def finish_and_send(page: Page) -> str:
    heading(page, "Your details")
    page.get_by_label("Full name").fill("Robin Example")
    page.get_by_label("Email address (optional)").fill("evidence-e2e@example.com")
    press(page)
    heading(page, "How to contact you")
    page.get_by_role("group", name="How would you prefer us to contact you?").get_by_label("Email").check()
    page.get_by_label("All are safe").check()
    press(page)
    heading(page, "Confirm your statement")
    page.get_by_label(re.compile("I confirm that the information")).check()
    press(page)
    heading(page, "Check your answers")
    files = page.locator(".govuk-summary-list__row", has_text="Files")
    expect(files).to_contain_text("mirror.jpg (JPG photo")
    expect(files).not_to_contain_text("bumper.jpg")
    press(page, "Send report")
    heading(page, "Report sent")
    return page.locator(".dps-reference").inner_text().strip()


def test_two_photos_attached_one_removed_sent_and_viewed_by_an_officer(page: Page, live_app: Flask, tmp_path: Path):
    mirror, bumper = tmp_path / "mirror.jpg", tmp_path / "bumper.jpg"
    mirror.write_bytes(samples.jpeg(size=(640, 480)))
    bumper.write_bytes(samples.jpeg(size=(320, 240), comment=b"rear bumper"))

    to_the_evidence_page(page)
    expect(page.locator("main")).to_contain_text("Each video must be smaller than 100 MB")
    page.get_by_label("Add a file").set_input_files([mirror, bumper])  # several at once with JavaScript
    press(page, "Upload files")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text("mirror.jpg")
    heading(page, "Upload evidence")

    press(page, "Remove bumper.jpg")
    expect(rows).to_have_count(1)
    expect(page.locator("table")).not_to_contain_text("bumper.jpg")
    heading(page, "Upload evidence")
    press(page)
    reference = finish_and_send(page)

    with live_app.app_context():
        report = session.scalar(select(Report).where(Report.reference == references.normalise(reference)))
        [evidence] = session.scalars(select(Evidence).where(Evidence.report_id == report.id)).all()
        assert evidence.display_name == "mirror.jpg"
        assert evidence.sha256 == hashlib.sha256(mirror.read_bytes()).hexdigest()
        report_id, sha256 = report.id, evidence.sha256

    sign_in_officer(page, live_app, OFFICER_EMAIL, "Evidence Officer", OFFICER_PASSWORD)
    page.goto(f"/staff/reports/{report_id}")
    heading(page, "Report")
    section = page.locator("section.dps-report-evidence")
    expect(section).to_contain_text(sha256)
    thumbnail = section.get_by_role("img", name="Preview of mirror.jpg")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("image => image.naturalWidth") > 0  # the preview route served a real image

    with page.expect_response(re.compile(r"/evidence/\d+/view$")) as served:
        section.get_by_role("link", name="View mirror.jpg").click()
    response = served.value
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.body() == mirror.read_bytes()  # provably unchanged, byte for byte
    page.go_back()
    heading(page, "Report")
