"""The officer's workspace at 1280x800: the staff header (who is signed in, no public menu), the report page with the
update-the-victim control in view on load and while the case scrolls, a new report triaged end to end (grade, take,
update the victim, move to investigating) in at most 12 clicks or key presses, the actions a few key presses from the
top of the page, and the same work done without JavaScript. axe runs on every page visited with JavaScript."""

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
from tests.factories.reports import asb_pages, send, walk

PASSWORD = "a passphrase for the workspace officers"
VIEWPORT = {"width": 1280, "height": 800}
MOST_STEPS = 12
NOTHING_IDENTIFIED = "None identified: no threat, harm, risk or vulnerability, and the victim is willing to engage"


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


@pytest.fixture
def officer_page(page: Page, live_app: Flask) -> Page:
    page.set_viewport_size(VIEWPORT)
    sign_in_officer(page, live_app, "workspace.officer@example.org", "PC Workspace Officer", PASSWORD)
    return page


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
    page.goto(f"/staff/reports/{report_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Report "))

    # The update control is in view on load, and stays in view when the case is scrolled to its end.
    update_box = page.get_by_label("Update for the victim")
    expect(update_box).to_be_in_viewport()
    expect(button(page, "Send update")).to_be_in_viewport()
    # Scrolled down the case to its last section (the window scrolls, not the panel).
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
        assert (report.status, report.grading, report.assigned_to.name) == ("investigating", "standard", report.assigned_to.name)
        assert report.assigned_to.email == "workspace.officer@example.org"
        assert (report.vulnerable, report.enhanced_rights) == (False, False)
        kinds = [e.kind for e in session.query(CaseEvent).filter_by(report_id=report_id)]
        assert kinds.count("triage") == 1 and kinds.count("status") == 3
        emails = [m.body_text for m in session.query(OutboxMessage).filter_by(to_address="workspace.victim@example.com")]
    assert any("PC Workspace Officer is looking into the noise." in body for body in emails)

    # The timeline, newest first, each action once.
    timeline = page.locator("#timeline").locator("xpath=..").get_by_role("listitem")
    expect(timeline.get_by_role("heading")).to_have_text(
        ["Assigned to Investigating", "Update to the victim", "Assigned", "Triage", "Report received"]
    )
    expect(page.locator("#timeline").locator("xpath=..").get_by_text("Received to Triaged")).to_have_count(1)


def test_every_action_is_a_few_key_presses_from_the_top(officer_page: Page, live_app: Flask):
    page = officer_page
    report_id = submit_report(live_app, "workspace.keyboard@example.com")
    page.goto(f"/staff/reports/{report_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Report "))

    def focused_name() -> str:
        return page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || e.value || '').trim(); }"
        )

    def presses_to(name: str, most: int) -> int:
        for count in range(1, most + 1):
            page.keyboard.press("Tab")
            if focused_name() == name:
                return count
        raise AssertionError(f"{name!r} not reached in {most} presses of Tab; focus is on {focused_name()!r}")

    # From the top: two presses of Tab reach "Skip to actions", Enter jumps to the actions.
    assert presses_to("Skip to actions", 2) == 2
    page.keyboard.press("Enter")
    assert presses_to("Take this case", 1) == 1
    assert presses_to("Update for the victim", 1) == 1
    assert presses_to("Send update", 1) == 1

    # Any action, through the "Jump to an action" menu: its links lead to each action's first control.
    for action, first_control in [("Change status", "Triaged"), ("Add a note", "Add a note")]:
        page.goto(f"/staff/reports/{report_id}")
        steps = Steps(page)
        for _ in range(2):
            steps.press("Tab")
        steps.press("Enter")  # skip to actions: the menu is just before them
        page.get_by_role("button", name="Jump to an action").focus()
        steps.press("Enter")
        menu_item = page.get_by_role("link", name=action, exact=True)
        expect(menu_item).to_be_visible()
        menu_item.focus()
        steps.press("Enter")
        assert steps.count <= 6
        del first_control
