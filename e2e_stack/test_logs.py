"""After the journeys (conftest.py runs this near the end): nginx's access log and the portal's own logs hold no query
string, no sign-in token and no email address, though the journeys sent all three."""

from __future__ import annotations

import re

from playwright.sync_api import Browser

from deploy.stack import Stack
from e2e_stack.pages import heading, new_page

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def test_the_logs_hold_no_query_string_token_or_email_address(browser: Browser, stack: Stack):
    context, page = new_page(browser, stack.url)
    page.goto("/wards?q=Soho%20resident@example.com")
    heading(page, "Wards matching")
    context.close()

    access = stack.access_log.read_text()
    assert '"GET /wards" 200' in access and "resident" not in access and "?" not in access
    assert '"GET /track/sign-in/<token>" 200' in access  # the victim's link, from test_journey.py
    assert not re.search(r"/track/sign-in/(?!<token>)", access)
    assert not EMAIL.search(access)
    for name in ("web-1", "web-2", "outbox", "jobs"):
        portal_log = (stack.logs / f"{name}.log").read_text()
        assert not EMAIL.search(portal_log), name
        assert "/track/sign-in/" not in portal_log.replace("/track/sign-in/<token>", ""), name
