"""The Content-Security-Policy in Chromium (security check 40): pages carry no nonce, so a cache can keep them; the
policy names the one inline script by its hash. A script injected into the page without that hash does not run (the
browser reports the violation); a copy of the allowed script does, and so does the page's own."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from e2e.conftest import assert_accessible
from portal.web.security import JS_ENABLED_SCRIPT

WEST_END = "/wards/E05013808"
INJECTED = "<script>document.title = 'injected'; window.injected = true;</script>"


def serve_with(scripts: str):
    """Serve the page as the portal sent it, headers (its policy) included, with `scripts` added to the body, as a
    stored cross-site scripting flaw or a tampering proxy would."""

    def handle(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</body>", f"{scripts}</body>"))

    return handle


def test_an_injected_inline_script_does_not_run_and_the_pages_own_does(page: Page):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.route(f"**{WEST_END}", serve_with(INJECTED))
    response = page.goto(WEST_END)
    assert response is not None and "nonce" not in response.headers["content-security-policy"]
    expect(page).to_have_title(re.compile("^West End ward"))  # the injected script did not run
    assert page.evaluate("window.injected === undefined")
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))  # the page's own did
    assert any("Content Security Policy" in text for text in violations), violations
    assert_accessible(page)


def test_a_script_with_the_allowed_hash_runs_wherever_it_is(page: Page):
    # A second copy of the allowed script adds its class a second time: it ran, because its hash is in the policy.
    page.route(f"**{WEST_END}", serve_with(f"<script>{JS_ENABLED_SCRIPT}</script>{INJECTED}"))
    page.goto(WEST_END)
    assert page.evaluate("document.body.className.split(' ').filter((name) => name === 'js-enabled').length") == 2
    assert page.evaluate("window.injected === undefined")
