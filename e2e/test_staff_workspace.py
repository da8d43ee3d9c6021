"""The officer's workspace at 1280x800: the staff header (who is signed in, no public menu), the report page with the
update-the-victim control in view on load and while the case scrolls, a new report triaged end to end (grade, take,
update the victim, move to investigating) in at most 12 clicks or key presses, every action a few key presses from
the top of the page, and the same work done without JavaScript. axe runs on every page visited with JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import assert_accessible
from e2e.staff import sign_in_officer
from e2e.test_report_journeys import NO_SCRIPT_CONTEXTS
from portal.db import session
from portal.models import CaseEvent, OutboxMessage, Report
from portal.services.cases import triage
from portal.services.staff import accounts
from tests.factories.reports import asb_pages, send, walk

PASSWORD = "a passphrase for the workspace officers"
VIEWPORT = {"width": 1280, "height": 800}
MOST_STEPS = 12
NOTHING_IDENTIFIED = "None identified: no threat, harm, risk or vulnerability, and the victim is willing to engage"
# Each item of the "Jump to an action" menu and the control it leads to, on a triaged report.
JUMPS = [
    ("Take or assign", "Take this case"),
    ("Update the victim", "Update for the victim"),
    ("Grade", "Re-grade this report"),
    ("Change status", "Investigating"),
    ("Close or refer", "Close or refer the case, with its outcome"),
    ("Add a note", "Internal note"),
]


def submit_report(app: Flask, email: str) -> int:
    """A resident's anti-social behaviour report in West End, through the live app's own request handling."""
    client = app.test_client()
    walk(client, "anti-social-behaviour", asb_pages("E05013808", email=email))
    send(client, "anti-social-behaviour")
    with app.app_context():
        return session.query(Report).filter_by(reporter_email=email).one().id


class Steps:
    """What the officer does, counted: each click, choice, text typed into a box or key pressed is one step."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0

    def click(self, target: Locator) -> None:
        self.count += 1
        target.click()

    def check(self, target: Locator) -> None:
        self.count += 1
        target.check()

    def fill(self, target: Locator, text: str) -> None:
        self.count += 1
        target.fill(text)

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)


def choose(page: Page, group: str, option: str) -> Locator:
    return page.get_by_role("group", name=group, exact=True).get_by_label(option, exact=True)


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def message(page: Page, text: str) -> None:
    expect(page.get_by_role("region", name="Messages")).to_contain_text(text)


def focused(page: Page) -> str:
    """The label, or the text, of the element that has the keyboard focus."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " const label = e.labels && e.labels.length ? e.labels[0].innerText : (e.innerText || '');"
        " return label.trim(); }"
    )


def report_page(page: Page, report_id: int) -> None:
    page.goto(f"/staff/reports/{report_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Report "))


@pytest.fixture
def officer_page(page: Page, live_app: Flask, request: pytest.FixtureRequest) -> Page:
    page.set_viewport_size(VIEWPORT)
    # An officer of their own for each test: a security code works only once.
    sign_in_officer(page, live_app, officer_email(request.node.originalname), "PC Workspace Officer", PASSWORD)
    return page


def officer_email(test: str) -> str:
    return f"{test.removeprefix('test_')[:40]}@example.org"


@pytest.fixture
def no_script_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, base_url=base_url, viewport=VIEWPORT)
    NO_SCRIPT_CONTEXTS.append(context)
    yield context.new_page()
    NO_SCRIPT_CONTEXTS.remove(context)
    context.close()


def test_the_staff_header_names_the_officer_and_never_shows_the_public_menu(officer_page: Page):
    page = officer_page
    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("PC Workspace Officer")
    expect(banner).to_contain_text("Officer, West End, Westminster")
    expect(banner.get_by_role("button", name="Sign out")).to_be_visible()
    staff_areas = page.get_by_role("navigation", name="Staff areas")
    expect(staff_areas.get_by_role("link")).to_have_text(
        ["Queue", "Updates due", "Find a case", "Statistics", "Ward content"]
    )
    # The public header's menu, and its links, are not there.
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    for public in ("Staff sign in", "Track a report", "Your area"):
        expect(page.get_by_role("link", name=public)).to_have_count(0)
    assert_accessible(page)

    staff_areas.get_by_role("link", name="Queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(staff_areas.get_by_role("link", name="Queue")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Staff sign in")).to_have_count(0)


def test_an_officer_triages_a_new_report_end_to_end_in_at_most_twelve_steps(officer_page: Page, live_app: Flask):
    page = officer_page
    report_id = submit_report(live_app, "workspace.victim@example.com")
    report_page(page, report_id)

    # The update control is in view on load, and stays in view when the case is scrolled down to its last section
    # (the window scrolls, not the actions panel).
    update_box = page.get_by_label("Update for the victim")
    expect(update_box).to_be_in_viewport()
    expect(button(page, "Send update")).to_be_in_viewport()
    records = page.get_by_role("heading", name="Records management")
    records.evaluate("heading => heading.scrollIntoView({block: 'start'})")
    assert page.evaluate("window.scrollY") > 1000
    expect(records).to_be_in_viewport()
    expect(update_box).to_be_in_viewport()
    expect(button(page, "Send update")).to_be_in_viewport()
    assert_accessible(page)

    steps = Steps(page)
    steps.check(page.get_by_label(NOTHING_IDENTIFIED, exact=True))
    steps.check(choose(page, "Investigation", "Some lines of enquiry"))
    steps.check(choose(page, "Grading", "Standard"))
    steps.check(choose(page, "Is the victim entitled to enhanced rights?", "No"))
    steps.fill(page.get_by_label("Reason for this grading"), "Weekly nuisance at a known place; no immediate risk.")
    steps.click(button(page, "Save grading"))
    message(page, "Graded Standard")

    steps.click(button(page, "Take this case"))
    message(page, "The case is now yours")

    steps.fill(page.get_by_label("Update for the victim"), "PC Workspace Officer is looking into the noise.")
    steps.click(button(page, "Send update"))
    message(page, "Update sent")

    steps.check(choose(page, "Move the case to", "Investigating"))
    steps.fill(page.get_by_label("Reason for the change"), "Speaking to the neighbours this week.")
    steps.click(button(page, "Change status only"))
    message(page, "Status changed")
    assert steps.count <= MOST_STEPS, steps.count
    assert_accessible(page)

    with live_app.app_context():
        report = session.get(Report, report_id)
        assert (report.status, report.grading) == ("investigating", "standard")
        assert report.assigned_to.email == officer_email(
            "test_an_officer_triages_a_new_report_end_to_end_in_at_most_twelve_steps"
        )
        assert (report.vulnerable, report.enhanced_rights) == (False, False)
        graded = triage.history(report)[0]
        assert (graded.threat, graded.vulnerability, graded.engagement, graded.investigation) == (
            "none",
            "none",
            "engaged",
            "some",
        )
        kinds = [e.kind for e in session.query(CaseEvent).filter_by(report_id=report_id)]
        assert kinds.count("triage") == 1 and kinds.count("status") == 3
        emails = session.query(OutboxMessage).filter_by(to_address="workspace.victim@example.com")
        bodies = [m.body_text for m in emails]
    assert any("PC Workspace Officer is looking into the noise." in body for body in bodies)

    # The timeline, newest first, each action once.
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.get_by_role("listitem").get_by_role("heading")).to_have_text(
        ["Assigned to Investigating", "Update to the victim", "Assigned", "Triage", "Report received"]
    )
    expect(timeline.get_by_text("Received to Triaged")).to_have_count(1)


def test_every_action_is_a_few_key_presses_from_the_top(officer_page: Page, live_app: Flask):
    page = officer_page
    report_id = submit_report(live_app, "workspace.keyboard@example.com")
    with live_app.app_context():
        officer = accounts.by_email(officer_email("test_every_action_is_a_few_key_presses_from_the_top"))
        fields = dict(triage.NOTHING_IDENTIFIED, investigation="some", grading="standard", reason="Known place.")
        triage.grade(session.get(Report, report_id), officer, fields)

    # The skip link to the actions is the second stop from the top; the first actions follow it.
    report_page(page, report_id)
    for _ in range(2):
        page.keyboard.press("Tab")
    assert focused(page) == "Skip to actions"
    page.keyboard.press("Enter")
    for expected in ("Take this case", "Update for the victim", "Send update"):
        page.keyboard.press("Tab")
        assert focused(page) == expected

    # Every action through the "Jump to an action" menu, straight after the skip link to the main content.
    for position, (item, control) in enumerate(JUMPS):
        report_page(page, report_id)
        steps = Steps(page)
        steps.press("Tab")
        assert focused(page) == "Skip to main content"
        steps.press("Enter")
        steps.press("Tab")
        assert focused(page) == "Jump to an action"
        steps.press("Enter")
        for _ in range(position):
            steps.press("ArrowDown")
        assert focused(page) == item
        steps.press("Enter")
        steps.press("Tab")
        assert focused(page) == control, item
        assert steps.count <= 11, (item, steps.count)


def test_the_workspace_works_without_javascript(no_script_page: Page, live_app: Flask):
    page = no_script_page
    sign_in_officer(page, live_app, "workspace.noscript@example.org", "PC No Script", PASSWORD)
    report_id = submit_report(live_app, "workspace.noscript.victim@example.com")
    report_page(page, report_id)
    # Without the button menu's script its links are all there, shown as buttons; a new report cannot close yet.
    for item, _control in JUMPS:
        expected = expect(page.get_by_role("button", name=item, exact=True))
        expected.to_have_count(0) if item == "Close or refer" else expected.to_be_visible()

    # Each element on its own, opened from its details element.
    page.get_by_text("Or assess threat, harm, risk, vulnerability and engagement one by one").click()
    for group, choice in [
        ("Threat", "Low"),
        ("Harm", "Low"),
        ("Risk", "None identified"),
        ("Vulnerability", "Possibly vulnerable"),
        ("Engagement", "Willing to engage"),
        ("Investigation", "Strong lines of enquiry"),
        ("Grading", "Priority"),
        ("Is the victim entitled to enhanced rights?", "Yes"),
    ]:
        choose(page, group, choice).check()
    page.get_by_label("Reason for this grading").fill("Possibly vulnerable; a suspect is named.")
    button(page, "Save grading").click()
    message(page, "Graded Priority")
    button(page, "Take this case").click()
    message(page, "The case is now yours")

    page.get_by_text("Close or refer the case, with its outcome").click()
    outcomes = page.get_by_role("group", name="Outcome", exact=True).get_by_role("radio")
    expect(outcomes).to_have_count(7)
    choose(page, "Outcome", "Suspect charged").check()
    page.get_by_label("Reason for the outcome").fill("Charged with criminal damage.")
    button(page, "Record the outcome and tell the victim").click()
    message(page, "Status changed to Closed: Suspect charged")

    with live_app.app_context():
        report = session.get(Report, report_id)
        assert (report.status, report.outcome, report.grading) == ("closed", "charged", "priority")
        graded = triage.history(report)[0]
        assert (graded.threat, graded.vulnerability, graded.investigation) == ("low", "possible", "strong")
    # A closed case offers reopening only, and no outcome.
    expect(choose(page, "Move the case to", "Reopened")).to_be_visible()
    expect(page.get_by_role("group", name="Move the case to", exact=True).get_by_role("radio")).to_have_count(1)
    expect(page.get_by_text("Close or refer the case, with its outcome")).to_have_count(0)
