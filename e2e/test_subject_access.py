"""A supervisor runs a subject access request for the demo reporter (`make run`'s example) and downloads the bundle
for review: it holds their report and the photo they sent, and nothing of the other demo reporters'. Then the
report's records management section and the retention schedule. axe runs on every page visited."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from e2e.conftest import assert_accessible
from e2e.test_staff_sign_in import sign_in
from portal.db import session
from portal.demo.reports import DEMO_REPORTS
from portal.demo.staff import DEMO_PASSWORD
from portal.models import Report
from portal.services.evidence import records
from portal.services.reporting import references
from tests.support import evidence_samples as samples

SUPERVISOR = "supervisor.demo@example.org"


@pytest.fixture(scope="module")
def demo_reporter(live_app: Flask) -> dict[str, object]:
    """The demo reporter `make run` prints (the first handled demo report), who has since sent a photo; another demo
    reporter has sent one too."""
    reporter = next(demo.email for demo in DEMO_REPORTS if demo.handled)
    other = next(demo.email for demo in DEMO_REPORTS if demo.email != reporter)
    photo = samples.jpeg(size=(320, 240), comment=b"the steps at night")
    with live_app.app_context(), live_app.test_request_context():
        sent = {}
        for email, data, name in ((reporter, photo, "steps.jpg"), (other, samples.pdf(), "letter.pdf")):
            report = session.scalar(select(Report).where(Report.reporter_email == email).order_by(Report.id).limit(1))
            records.attach(report, FileStorage(stream=io.BytesIO(data), filename=name), "victim")
            sent[email] = references.display(report.reference)
    return {
        "email": reporter,
        "other": other,
        "reference": sent[reporter],
        "other_reference": sent[other],
        "photo": photo,
    }


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))
    assert_accessible(page)


def test_a_supervisor_downloads_the_demo_reporters_bundle(page: Page, live_app: Flask, demo_reporter, tmp_path: Path):
    sign_in(page, live_app, SUPERVISOR, DEMO_PASSWORD)
    heading(page, "Demo Supervisor")
    page.get_by_role("main").get_by_role("link", name=re.compile("^Information rights")).click()
    heading(page, "Information rights")
    page.get_by_role("link", name="Subject access requests").click()
    heading(page, "Subject access requests")
    page.get_by_role("button", name="Record a new request").click()
    heading(page, "Record a subject access request")

    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the email address or the phone number of the person asking"
    )
    assert_accessible(page)

    page.get_by_label("Email address").fill(str(demo_reporter["email"]))
    today = date.today()
    arrived = page.get_by_role("group", name="When did the request arrive?")
    arrived.get_by_label("Day").fill(str(today.day))
    arrived.get_by_label("Month").fill(str(today.month))
    arrived.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the request").click()
    heading(page, r"Subject access request \d+")
    expect(page.get_by_text("working days left")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Report {demo_reporter['reference']}")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the bundle for review").click()
    download = download_info.value
    assert re.fullmatch(r"subject-access-\d+-for-review\.zip", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    with zipfile.ZipFile(saved) as bundle:
        names = bundle.namelist()
        data = json.loads(bundle.read(next(n for n in names if n.endswith("/data.json"))))
        files = [n for n in names if "/evidence/" in n]
        everything = b"".join(bundle.read(n) for n in names)
    assert [report["reference"] for report in data["reports"]] == [demo_reporter["reference"]]
    assert len(files) == 1 and files[0].endswith("-steps.jpg") and f"/{demo_reporter['reference']}/" in files[0]
    with zipfile.ZipFile(saved) as bundle:
        assert bundle.read(files[0]) == demo_reporter["photo"]
    assert data["status"].startswith("FOR REVIEW")
    for stranger in (demo_reporter["other"], demo_reporter["other_reference"], "letter.pdf"):
        assert str(stranger).encode() not in everything
    heading(page, r"Subject access request \d+")  # still on the request page, which passes axe

    # The report's records management section (and its error page) and the retention schedule pass axe too.
    page.goto("/staff/queue?status=all")
    page.get_by_role("link", name=str(demo_reporter["reference"])).click()
    heading(page, f"Report {demo_reporter['reference']}")
    records = page.locator("section.dps-report-records")
    expect(records).to_contain_text("Reports still open with nothing done for a long time: 6 years.")
    records.get_by_role("button", name="Place legal hold").click()
    heading(page, "Place a legal hold")
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for the legal hold")
    page.goto("/staff/information-rights/retention-schedule")
    heading(page, "Retention schedule")
