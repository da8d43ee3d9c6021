"""Two web instances behave as one service: a draft and its file move between them, rate limits are counted once for
both, and killing one mid-journey loses nothing (the other answers the next page with the draft intact, and a report
sent just as its instance died is stored once when the browser sends it again after the 502)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from deploy.stack import Stack
from e2e_stack import journeys
from e2e_stack.conftest import TRACK_LIMIT, Ledger
from e2e_stack.holds import commits_of_reports_held
from e2e_stack.pages import choose, heading, log_lines, new_page, press
from portal.db import session
from portal.models import Report
from portal.services.reporting import references
from tests.support import evidence_samples as samples


def answered_by(stack: Stack, lines: list[str], request: str) -> list[int]:
    """Which web instance finally answered each logged `request` ("POST /path"), from nginx's access log."""
    return [instance for _status, instance in logged(stack, lines, request)]


def logged(stack: Stack, lines: list[str], request: str) -> list[tuple[int, int]]:
    """(status, web instance) of each logged `request`: the instance nginx last tried, when it tried two."""
    ports = {stack.ports[f"web-{number}"]: number for number in (1, 2)}
    found = []
    for line in lines:
        if f'"{request}"' in line:
            match = re.search(r'" (\d{3}) .* upstream=(?:.*, )?127\.0\.0\.1:(\d+) ', line)
            assert match, line
            found.append((int(match.group(1)), ports[int(match.group(2))]))
    return found


def test_a_draft_and_its_file_move_between_instances(
    browser: Browser, stack: Stack, portal: Flask, ledger: Ledger, tmp_path: Path
):
    photo = tmp_path / "mirror.jpg"
    photo.write_bytes(samples.jpeg(size=(480, 360), comment=b"wing mirror"))
    one, two = stack.instance_url(1), stack.instance_url(2)
    start = len(log_lines(stack))

    # Started on instance 1, with the photo uploaded there...
    context, page = new_page(browser, one)
    journeys.road_traffic_to_evidence(page, one)
    journeys.attach(page, photo)
    heading(page, "Your details")
    # ...continued on instance 2: the draft is in PostgreSQL and the file in the object store, not in instance 1.
    page.goto(page.url.replace(one, two))
    journeys.details_to_check_answers(page, "moving.draft@example.com")
    expect(page.locator(".govuk-summary-list__row", has_text="Files")).to_contain_text("mirror.jpg (JPG photo")
    expect(page.locator("main")).to_contain_text("A delivery van reversed into my parked car.")
    reference = journeys.send(page)
    ledger.confirm(reference, [photo.read_bytes()])
    lines = log_lines(stack)[start:]
    assert set(answered_by(stack, lines, "POST /report/road-traffic-incident/evidence-files/files")) == {1}
    assert answered_by(stack, lines, "POST /report/road-traffic-incident/check-answers") == [2]

    # The officer views it through instance 2: the bytes uploaded through instance 1, unchanged.
    journeys.sign_in_officer(page, portal, two)
    page.goto(f"{two}/staff/reports/{journeys.report_id(portal, reference)}")
    heading(page, f"Report {reference}")
    section = page.locator("section.dps-report-evidence")
    with page.expect_response(re.compile(r"/evidence/\d+/view$")) as served:
        section.get_by_role("link", name="View mirror.jpg").click()
    assert served.value.status == 200 and served.value.body() == photo.read_bytes()
    assert served.value.url.startswith(two)
    context.close()


def test_the_track_limit_per_client_is_counted_once_for_both_instances(browser: Browser, stack: Stack):
    stack.reset_rate_limits()  # other tests' lookups come from this client too
    context, page = new_page(browser, stack.url)

    for attempt in range(TRACK_LIMIT):  # alternately through each instance
        page.goto(f"{stack.instance_url(1 + attempt % 2)}/track")
        if attempt < 2:  # the same two pages each time after that: axe has seen them from both instances
            heading(page, "Track your report")
        ask(page)
        if attempt < 2:
            heading(page, "Check your email")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    for number in (1, 2):  # the next lookup is refused, whichever instance answers
        page.goto(f"{stack.instance_url(number)}/track")
        with page.expect_response(lambda response: response.request.method == "POST") as refused:
            ask(page)
        assert refused.value.status == 429
        heading(page, "You have tried too many times")
    assert stack.reset_rate_limits() > 0  # the counts were in Redis, under the stack's prefix
    context.close()


def ask(page: Page) -> None:
    """Ask for a link at /track, for a reference of the right shape that no report has."""
    page.get_by_label("Reference number").fill(references.display(references.new_reference()))
    page.get_by_label("Email address").fill("someone@example.com")
    press(page, "Send me a link")


def test_killing_an_instance_mid_journey_loses_nothing(browser: Browser, stack: Stack, portal: Flask, ledger: Ledger):
    context, page = new_page(browser, stack.url)
    page.goto("/report/road-traffic-incident/emergency")
    choose(page, "Is anyone in danger, or is a crime happening now?", "No")
    choose(page, "How were you involved?", "I was a passenger")
    before_kill = len(log_lines(stack))

    # Instance 1 dies. The next pages are answered by instance 2, with the draft as it was.
    stack.kill_web(1)
    journeys.when(page)
    journeys.where(page)
    heading(page, "What happened")
    page.get_by_label("What happened?").fill("The bus braked hard and I fell.")
    press(page)
    heading(page, "Vehicles involved: vehicle 1")
    page.get_by_label("Registration number (if known)").fill("BX12 BUS")
    page.get_by_label("Another vehicle involved").check()
    press(page, "Save vehicle")
    page.get_by_role("group", name="Do you need to add another vehicle?").get_by_label("No").check()
    press(page)
    choose(page, "Was anyone injured?", "No")
    heading(page, "Describe any damage")
    press(page)
    choose(page, "Did anyone else see what happened?", "No")
    choose(page, journeys.HATE_QUESTION, "No")
    choose(page, "Do you have any of these?", "None of these")
    heading(page, "Upload evidence")
    press(page)
    journeys.details_to_check_answers(page, "killed.instance@example.com")
    expect(page.locator("main")).to_contain_text("I was a passenger")  # answered before instance 1 died
    after_kill = log_lines(stack)[before_kill:]
    assert set(answered_by(stack, after_kill, "POST /report/road-traffic-incident/when")) == {2}
    assert set(answered_by(stack, after_kill, "GET /report/road-traffic-incident/check-answers")) == {2}
    stack.start_web(1)

    # The report is sent; the instance sending it dies after its transaction is bound to commit, before it answers.
    with commits_of_reports_held(stack) as hold:
        # Clicked from the page itself: Playwright's own click would wait for the navigation this test is holding.
        page.get_by_role("button", name="Send report", exact=True).evaluate(
            "button => setTimeout(() => button.click())"
        )
        dying = hold.waiting_instance()
        stack.kill_web(dying)
        heading(page, "Sorry, there is a problem with the service")  # nginx's page for a 502
        hold.release()  # the transaction commits; leaving the block waits for it (dropping the trigger must)
    with portal.app_context():
        # Stored, though the browser was never told: the case a resend could turn into a second report.
        [stored] = session.scalars(
            select(Report.reference).where(Report.reporter_email == "killed.instance@example.com")
        ).all()

    # The browser sends it again (the form resubmitted), to the instance still alive: the one report is confirmed.
    sending = len(log_lines(stack))
    page.reload()
    reference = journeys.confirmed_reference(page)
    assert references.normalise(reference) == stored
    assert logged(stack, log_lines(stack)[sending:], "POST /report/road-traffic-incident/check-answers") == [
        (302, 3 - dying)
    ]
    with portal.app_context():
        count = select(func.count(Report.id)).where(Report.reporter_email == "killed.instance@example.com")
        assert session.scalar(count) == 1
    ledger.confirm(reference)
    stack.start_web(dying)
    context.close()
