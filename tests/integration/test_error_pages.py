import logging

import pytest

from tests.pages import check_page, page


def assert_friendly(p, status):
    assert p.select_one(".dps-correlation-id").get_text(strip=True) == p.response.headers["X-Request-Id"]
    assert f"(error {status})" in p.text
    assert "Traceback" not in p.text
    assert p.select_one(".dps-emergency-line")


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (400, "Sorry, there is a problem with that request"),
        (403, "You cannot see this page"),
        (404, "Page not found"),
        (405, "Sorry, that action is not possible here"),
        (413, "The file you sent is too large"),
        (429, "You have tried too many times"),
        (500, "Sorry, there is a problem with the service"),
    ],
)
def test_each_error_page_is_friendly_and_has_a_correlation_id(client, status, title):
    p = page(client, f"/test-support/abort/{status}", status=status, title=title)
    assert p.h1 == title
    assert_friendly(p, status)


def test_unknown_url_is_404(client):
    assert_friendly(page(client, "/no/such/page", status=404, title="Page not found"), 404)


def test_wrong_method_is_405(client):
    response = client.post("/")
    assert_friendly(check_page(response, status=405), 405)


def test_post_without_csrf_token_is_refused_with_400(client):
    response = client.post("/test-support/upload", data={"a": "b"})
    assert_friendly(check_page(response, status=400), 400)


def test_oversized_request_is_413(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post("/test-support/upload", data={"file": "x" * 4096})
    assert_friendly(check_page(response, status=413, title="The file you sent is too large"), 413)


def test_rate_limit_is_429(client):
    assert client.get("/test-support/limited").status_code == 200
    assert client.get("/test-support/limited").status_code == 200
    p = page(client, "/test-support/limited", status=429)
    assert_friendly(p, 429)


def test_an_exception_shows_no_internals_but_logs_them_under_the_correlation_id(client, caplog):
    logging.getLogger("portal").addHandler(caplog.handler)
    try:
        p = page(client, "/test-support/crash", status=500)
    finally:
        logging.getLogger("portal").removeHandler(caplog.handler)
    assert "secret internals" not in p.text
    assert "SELECT" not in p.text
    assert_friendly(p, 500)
    errors = [r for r in caplog.records if r.name == "portal.web.errors" and r.exc_info]
    assert errors and errors[0].correlation_id == p.response.headers["X-Request-Id"]
