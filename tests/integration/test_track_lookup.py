"""/track (security checks 13, 14, 16): the same answer for every input, links only to the address on file, rate
limits per reference and per client that a spoofed X-Forwarded-For cannot reset, and nothing personal in logs."""

from __future__ import annotations

import logging
import statistics
import time

import pytest
from sqlalchemy import func, select

from portal.db import session
from portal.models import OutboxMessage
from portal.models.tracking import TrackSignInToken
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.pages import check_page, page, submit
from tests.support.tracking import links_sent

EMAIL = "victim@example.com"


@pytest.fixture(autouse=True)
def _quick(app, monkeypatch):
    # Most tests need not wait out the minimum response time; the timing test sets its own.
    monkeypatch.setitem(app.config, "TRACK_MIN_RESPONSE_SECONDS", 0)


@pytest.fixture
def reports(app):
    with app.app_context():
        with_email = make_report(reporter_email=EMAIL)
        without_email = make_report(reporter_email=None, reporter_phone="07911 123456")
        unsafe_email = make_report(reporter_email="unsafe@example.com")
        unsafe_email.unsafe_channels = ["email"]
        session.commit()
        return {
            "with_email": with_email.reference,
            "without_email": without_email.reference,
            "unsafe_email": unsafe_email.reference,
        }


def ask(client, reference, email):
    return submit(client, "/track", {"reference": reference, "email": email}, title="Check your email")


def outbox_count():
    return session.scalar(select(func.count(OutboxMessage.id)))


def test_the_page_asks_for_a_reference_and_email_address(client):
    found = page(client, "/track", title="Track your report")
    assert found.select_one("input[name=reference]")
    assert found.select_one("input[name=email][type=email]")
    assert "101" in found.text


def test_a_matching_reference_and_address_queue_a_single_use_link(app, client, reports):
    ask(client, reports["with_email"], EMAIL)
    with app.app_context():
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "track-sign-in"))
        assert references.display(reports["with_email"]) in row.subject + row.body_text
        assert len(links_sent(EMAIL)) == 1
        # Only the digest of the token is stored: not in the token table, and not in the email kept in the outbox.
        token = links_sent(EMAIL)[0]
        assert len(token) >= 43  # 256 bits, URL-safe base64
        stored = session.scalars(select(TrackSignInToken.token_hash)).all()
        assert token not in stored and len(stored) == 1
        assert token not in session.scalar(select(OutboxMessage.body_text))


@pytest.mark.parametrize(
    "typed",
    [
        lambda ref: references.display(ref).lower(),
        lambda ref: references.display(ref).replace("-", " "),
        lambda ref: ref,
        lambda ref: f"  {ref[:4]} {ref[4:8]}-{ref[8:]} ".lower(),
    ],
)
def test_references_are_accepted_in_any_case_with_or_without_spaces_and_hyphens(app, client, reports, typed):
    ask(client, typed(reports["with_email"]), "  Victim@Example.COM ")
    with app.app_context():
        assert len(links_sent(EMAIL)) == 1


def _response_of(client, reference, email):
    token = page(client, "/track").csrf_token()
    response = client.post("/track", data={"csrf_token": token, "reference": reference, "email": email})
    return response.status_code, response.headers.get("Location"), response.get_data(as_text=True)


def test_wrong_reference_wrong_address_and_no_email_on_file_answer_identically(app, client, reports):
    other = references.new_reference()
    answers = {
        "match": _response_of(client, reports["with_email"], EMAIL),
        "wrong reference": _response_of(client, other, EMAIL),
        "wrong address": _response_of(client, reports["with_email"], "someone@example.com"),
        "no email on file": _response_of(client, reports["without_email"], EMAIL),
        "email unsafe": _response_of(client, reports["unsafe_email"], "unsafe@example.com"),
    }
    assert len(set(answers.values())) == 1, answers
    status, location, _body = answers["match"]
    assert status == 302 and location.endswith("/track/check-your-email")
    # And the page they land on is the same page, whatever was entered.
    landing = page(client, "/track/check-your-email", title="Check your email")
    assert "If these match a report, we have sent a link to that address" in landing.text
    assert "101" in landing.text
    with app.app_context():
        # Only the real match was sent a link; nobody was sent one for an unsafe channel.
        assert [row.to_address for row in session.scalars(select(OutboxMessage))] == [EMAIL]


def test_every_answer_takes_about_the_same_time(app, client, reports, monkeypatch):
    monkeypatch.setitem(app.config, "TRACK_MIN_RESPONSE_SECONDS", 0.15)
    monkeypatch.setitem(app.config, "TRACK_LIMIT_PER_REFERENCE", "100 per hour")
    cases = {
        "match": (reports["with_email"], EMAIL),
        "wrong reference": (references.new_reference(), EMAIL),
        "wrong address": (reports["with_email"], "someone@example.com"),
        "no email on file": (reports["without_email"], EMAIL),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    token = page(client, "/track").csrf_token()
    for _round in range(3):
        for name, (reference, email) in cases.items():
            started = time.perf_counter()
            response = client.post("/track", data={"csrf_token": token, "reference": reference, "email": email})
            timings[name].append(time.perf_counter() - started)
            assert response.status_code == 302
    medians = {name: statistics.median(values) for name, values in timings.items()}
    assert min(medians.values()) >= 0.15, medians
    assert max(medians.values()) - min(medians.values()) < 0.05, medians


def test_a_malformed_reference_gets_an_error_message_not_a_lookup(app, client):
    found = submit(client, "/track", {"reference": "ABCD", "email": EMAIL})
    assert found.title.startswith("Error: Track your report")
    assert found.error_messages() == ["Enter your reference in the correct format, like HKR7-M3XQ-9TB4"]
    found = submit(client, "/track", {"reference": "", "email": "not an email"})
    assert len(found.error_messages()) == 2


def _post(client, token, reference, email, **headers):
    return client.post(
        "/track", data={"csrf_token": token, "reference": reference, "email": email}, headers=headers
    ).status_code


def test_lookups_are_limited_per_reference_across_clients(app, reports, monkeypatch):
    monkeypatch.setitem(app.config, "TRACK_LIMIT_PER_REFERENCE", "3 per hour")
    reference = reports["with_email"]
    statuses = []
    for n in range(5):
        # Each attempt from a different client address, with the reference typed differently.
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        token = page(client, "/track").csrf_token()
        typed = reference.lower() if n % 2 else references.display(reference)
        statuses.append(_post(client, token, typed, f"guess{n}@example.com"))
    assert statuses == [302, 302, 302, 429, 429]
    # Another reference is not affected.
    client = app.test_client()
    token = page(client, "/track").csrf_token()
    assert _post(client, token, reports["without_email"], EMAIL) == 302


def test_lookups_are_limited_per_client_and_a_spoofed_forwarded_for_does_not_reset_the_count(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACK_LIMIT_PER_CLIENT", "3 per hour")
    client = app.test_client()
    token = page(client, "/track").csrf_token()
    statuses = [
        _post(client, token, references.new_reference(), EMAIL, **{"X-Forwarded-For": f"203.0.113.{n}"})
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    limited = check_page(
        client.post("/track", data={"csrf_token": token, "reference": references.new_reference(), "email": EMAIL}),
        status=429,
    )
    assert limited.h1


def test_no_reference_email_address_or_token_in_urls_or_the_access_log(app, client, reports, caplog):
    caplog.set_level(logging.INFO, logger="portal")
    # The portal logger does not propagate; listen on it directly.
    logger = logging.getLogger("portal")
    logger.addHandler(caplog.handler)
    try:
        reference = reports["with_email"]
        landing = ask(client, references.display(reference), EMAIL)
        with app.app_context():
            token = links_sent(EMAIL)[0]
        page(client, f"/track/sign-in/{token}")
    finally:
        logger.removeHandler(caplog.handler)
    logged = caplog.text
    assert "/track/sign-in/<token>" in logged
    for secret in (reference, references.display(reference), EMAIL, "victim", token):
        assert secret not in logged
    # The form posts to a URL with nothing in it, and the page it lands on has nothing in its URL either.
    assert page(client, "/track").select_one("form[method=post]")["action"] == "/track"
    assert "?" not in landing.response.request.url
