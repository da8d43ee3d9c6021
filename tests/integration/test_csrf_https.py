"""Every kind of form works over HTTPS as a browser posts it, and a cross-site POST is still refused (check 26).

Behind the TLS-terminating proxy every request is HTTPS. Flask-WTF's strict mode refused any HTTPS POST without a
Referer header, and browsers send none under `Referrer-Policy: no-referrer`: every form answered 400 in production.
These tests post as Chromium does (Origin and Sec-Fetch-Site, and no Referer at all) over https://.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories.reports import make_report, road_traffic_pages, walk
from tests.factories.staff import PASSWORD, login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import check_page, page
from tests.support.evidence_journey import STEP, UPLOAD, store_fixture  # noqa: F401  (the evidence store fixture)
from tests.support.evidence_samples import jpeg

ORIGIN = "https://localhost"
SAME_ORIGIN = {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}


class BrowserClient(FlaskClient):
    """A test client that speaks HTTPS and sends the request headers a browser sends with each request."""

    headers: dict[str, str] = SAME_ORIGIN

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", ORIGIN)
            kwargs["headers"] = {**self.headers, **kwargs.get("headers", {})}
        return super().open(*args, **kwargs)


@pytest.fixture
def browser(app: Flask) -> FlaskClient:
    app.test_client_class = BrowserClient
    try:
        yield app.test_client()
    finally:
        app.test_client_class = FlaskClient


@pytest.fixture
def ward(app_context) -> Any:
    return make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


def post_form(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any):
    token = page(client, url).csrf_token()
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def test_the_strict_referrer_check_is_off_and_referrers_stay_on_our_site(app, browser):
    # Strict mode would refuse the posts below for want of a Referer; same-origin keeps ours from other sites.
    assert app.config["WTF_CSRF_SSL_STRICT"] is False
    assert browser.get("/").headers["Referrer-Policy"] == "same-origin"


def test_a_report_step_check_answers_and_send_work_over_https(browser, ward):
    result = walk(browser, "road-traffic-incident", road_traffic_pages(ward.code))
    assert result.h1.startswith("Check your answers"), result.h1
    response = post_form(browser, "/report/road-traffic-incident/check-answers", {}, follow_redirects=True)
    assert "Report sent" in check_page(response).text


def test_an_evidence_upload_works_over_https(browser, ward, store):
    pages = road_traffic_pages(ward.code)
    walk(browser, "road-traffic-incident", pages[: [path for path, _ in pages].index("evidence") + 1])
    token = page(browser, STEP).csrf_token()
    response = browser.post(
        UPLOAD,
        data={"csrf_token": token, "action": "upload", "file": [(io.BytesIO(jpeg()), "bumper.jpg")]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "bumper.jpg" in check_page(response).text


def test_a_track_lookup_works_over_https(app, browser, app_context):
    app.config["TRACK_MIN_RESPONSE_SECONDS"] = 0
    report = make_report(reporter_email="victim@example.com")
    response = post_form(browser, "/track", {"reference": report.reference, "email": "victim@example.com"})
    assert response.status_code == 302


def test_staff_sign_in_and_a_staff_action_work_over_https(browser, ward):
    officer = make_staff("officer", wards=[ward])
    response = post_form(browser, "/staff/sign-in", {"email": officer.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/staff/sign-in/code")

    report = make_report(ward=ward)
    login_as(browser, officer)
    url = f"/staff/reports/{report.id}"
    token = page(browser, url).csrf_token()
    response = browser.post(f"{url}/take", data={"csrf_token": token}, follow_redirects=True)
    assert "The case is now yours" in check_page(response).text


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://attacker.localhost", "Sec-Fetch-Site": "same-site"},
        {"Origin": "https://attacker.example"},  # a browser without Sec-Fetch-Site
        {"Origin": "null"},  # a sandboxed frame or a data: URL
        {"Origin": "http://localhost"},  # our own host, but not over HTTPS
        {"Referer": "https://attacker.example/form.html"},  # an old browser: neither of the other two
    ],
    ids=["cross-site", "same-site", "origin-only", "null-origin", "downgraded", "referer-only"],
)
def test_a_cross_site_post_is_refused_even_with_a_valid_token(browser, ward, headers):
    # The attacker's page cannot read our token, but even with one the browser's own headers give it away.
    url = "/report/road-traffic-incident/emergency"
    token = page(browser, url).csrf_token()
    browser.headers = {}
    try:
        response = browser.post(url, data={"csrf_token": token, "emergency": "no"}, headers=headers)
    finally:
        browser.headers = SAME_ORIGIN
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.get_data(as_text=True)


def test_a_post_without_any_origin_headers_still_needs_its_token(browser, ward):
    browser.headers = {}
    try:
        url = "/report/road-traffic-incident/emergency"
        assert browser.post(url, data={"emergency": "no"}).status_code == 400
        token = page(browser, url).csrf_token()
        assert browser.post(url, data={"csrf_token": token, "emergency": "no"}).status_code == 302
    finally:
        browser.headers = SAME_ORIGIN
