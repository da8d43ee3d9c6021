"""Public pages through nginx's cache (docs/adr/0009, docs/deployment.md): an anonymous visitor gets no cookie and a
page the cache keeps, so the next visitor is served by nginx alone and a matching If-None-Match gets 304; the demo
officer adds a ward panel priority through one instance, and residents see it through the cache within a minute,
whichever instance made the page they are given (each reads the public content's version every few seconds)."""

from __future__ import annotations

import time
from datetime import date

from flask import Flask
from playwright.sync_api import Browser, expect

from deploy.stack import Stack
from e2e_stack import journeys
from e2e_stack.pages import heading, new_page, press

WEST_END = "/wards/E05013808"
LIMIT_SECONDS = 60


def test_the_public_pages_come_from_the_cache_and_no_cookie_is_set(browser: Browser, stack: Stack, portal: Flask):
    context, page = new_page(browser, stack.url)
    first = page.goto(WEST_END)
    assert first is not None and first.status == 200
    heading(page, "West End ward")
    assert "set-cookie" not in first.headers and context.cookies() == []
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = context.request.get(f"{stack.url}{WEST_END}")
    assert again.headers["x-cache-status"] == "HIT"  # nginx alone answered: no instance was asked
    assert again.body() == first.body()
    unchanged = context.request.get(f"{stack.url}{WEST_END}", headers={"If-None-Match": again.headers["etag"]})
    assert unchanged.status == 304
    # Once the browser has a session of ours (a form's token), the cache is neither used nor filled for it.
    assert context.request.get(f"{stack.url}/form-token").ok and context.cookies()
    personal = context.request.get(f"{stack.url}{WEST_END}")
    assert personal.headers["x-cache-status"] == "BYPASS"
    assert personal.headers["cache-control"] == "no-store"
    context.close()


def test_a_staff_edit_of_ward_content_shows_through_the_cache_within_a_minute(
    browser: Browser, stack: Stack, portal: Flask
):
    issue = f"Scooters ridden through Soho Square ({time.time_ns()})"
    residents = browser.new_context(ignore_https_errors=True)
    before = residents.request.get(f"{stack.url}{WEST_END}")
    assert before.ok and issue not in before.text()
    residents.request.get(f"{stack.url}{WEST_END}")  # now certainly in the cache

    officer_context, officer = new_page(browser, stack.instance_url(1))  # the edit reaches instance 1
    journeys.sign_in_officer(officer, portal)
    officer.goto(f"/staff/ward-content/wards/{WEST_END.rsplit('/', 1)[1]}/priorities/new")
    heading(officer, "Add a ward panel priority")
    officer.get_by_label("You said: the issue residents raised").fill(issue)
    raised = officer.get_by_role("group", name="When was it raised?")
    today = date.today()
    raised.get_by_label("Day").fill(str(today.day))
    raised.get_by_label("Month").fill(str(today.month))
    raised.get_by_label("Year").fill(str(today.year))
    press(officer, "Save")
    expect(officer.get_by_text("The ward panel priority is saved")).to_be_visible()
    saved = time.monotonic()
    officer_context.close()

    served: list[str] = []
    while True:
        page = residents.request.get(f"{stack.url}{WEST_END}")
        served.append(page.headers.get("x-cache-status", "-"))
        if issue in page.text():
            break
        assert time.monotonic() - saved < LIMIT_SECONDS, f"not shown after {LIMIT_SECONDS} s; served {served}"
        time.sleep(1)
    residents.close()
    _context, seen = new_page(browser, stack.url)
    seen.goto(WEST_END)
    expect(seen.get_by_text(issue)).to_be_visible()
    heading(seen, "West End ward")
    _context.close()
