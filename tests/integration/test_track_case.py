"""A victim's case (security checks 10, 15, 26): single-use expiring links, a session scoped to one case with an
idle timeout and sign out, public events only, and what the victim adds reaching the officer."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Report
from portal.models.tracking import TrackSession
from portal.services.evidence import records as evidence_records
from portal.services.tracking import links
from tests.factories.reports import make_report
from tests.factories.staff import make_staff
from tests.pages import check_page, page
from tests.support.evidence_samples import png
from tests.support.tracking import sign_in_with


def issue(app, report_id: int) -> str:
    with app.app_context():
        token = links.issue(session.get(Report, report_id))
        session.commit()
        return token


@pytest.fixture
def case_a(app):
    with app.app_context():
        return make_report(reporter_email="a@example.com").id


@pytest.fixture
def case_b(app):
    with app.app_context():
        report = make_report(reporter_email="b@example.com")
        session.add(CaseEvent(report_id=report.id, kind="victim_message", public=True, text="Case B's secret words"))
        session.commit()
        return report.id


@pytest.fixture
def signed_in(app, client, case_a):
    sign_in_with(client, issue(app, case_a))
    return client


def test_opening_the_link_changes_nothing_and_continuing_signs_in(app, client, case_a):
    token = issue(app, case_a)
    for _ in range(3):  # a mail scanner opening the link does not spend it
        page(client, f"/track/sign-in/{token}", title="See your report")
    found = sign_in_with(client, token)
    assert found.title.startswith("Your report")
    with app.app_context():
        reference = session.get(Report, case_a).reference
    assert reference[:4] in found.text


def test_a_link_works_only_once(app, client, case_a):
    token = issue(app, case_a)
    sign_in_with(client, token)
    other = app.test_client()
    page(other, f"/track/sign-in/{token}", status=404, title="This link has expired or has been used")
    csrf = page(other, "/track").csrf_token()
    response = other.post(f"/track/sign-in/{token}", data={"csrf_token": csrf})
    check_page(response, status=404, title="This link has expired or has been used")
    assert other.get("/track/case").status_code == 302


def test_a_link_expires_after_30_minutes(app, client, case_a, monkeypatch):
    token = issue(app, case_a)
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=29))
    page(client, f"/track/sign-in/{token}", title="See your report")
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=30, seconds=1))
    page(client, f"/track/sign-in/{token}", status=404)
    csrf = page(client, "/track").csrf_token()
    assert client.post(f"/track/sign-in/{token}", data={"csrf_token": csrf}).status_code == 404
    assert client.get("/track/case").status_code == 302


def test_an_unknown_or_absurd_token_is_simply_not_found(client):
    page(client, "/track/sign-in/not-a-real-token", status=404)
    page(client, "/track/sign-in/" + "x" * 500, status=404)


def test_case_pages_need_a_session(client):
    for url in ("/track/case", "/track/case/add-information", "/track/case/support", "/track/case/messages/1"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/track"), url


def test_the_session_is_scoped_to_one_case(app, signed_in, case_a, case_b):
    found = page(signed_in, "/track/case")
    assert "Case B's secret words" not in found.text
    with app.app_context():
        b_event = session.scalar(
            select(CaseEvent.id).where(CaseEvent.report_id == case_b, CaseEvent.kind != "received")
        )
        b_reference = session.get(Report, case_b).reference
    assert b_reference[:4] not in found.text
    page(signed_in, f"/track/case/messages/{b_event}", status=404)
    # Nor are the files of another case.
    with app.app_context():
        upload = FileStorage(io.BytesIO(png()), filename="b.png")
        b_file = evidence_records.attach(session.get(Report, case_b), upload).evidence.id
    with signed_in.get(f"/track/evidence/{b_file}") as response:
        assert response.status_code == 404


def test_the_session_cookie_is_http_only_and_limited_to_track(app, client, case_a):
    token = issue(app, case_a)
    confirm = page(client, f"/track/sign-in/{token}")
    response = client.post(f"/track/sign-in/{token}", data={"csrf_token": confirm.csrf_token()})
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("dps_track="))
    assert "HttpOnly" in cookie and "Path=/track" in cookie and "SameSite=Lax" in cookie
    assert token not in cookie
    assert page(client, "/track/case").response.headers["Cache-Control"] == "no-store"


def test_idle_timeout_ends_the_session(app, signed_in, monkeypatch):
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=29))
    page(signed_in, "/track/case")
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=58))
    page(signed_in, "/track/case")  # still alive: the timer restarted 29 minutes ago
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=89))
    response = signed_in.get("/track/case")
    assert response.status_code == 302
    with app.app_context():
        assert session.scalar(select(TrackSession.ended_reason)) == "idle"


def test_sign_out_ends_the_session_on_the_server(app, signed_in):
    cookie = signed_in.get_cookie("dps_track", path="/track").value
    csrf = page(signed_in, "/track/case").csrf_token()
    found = check_page(signed_in.post("/track/sign-out", data={"csrf_token": csrf}, follow_redirects=True))
    assert found.title.startswith("You have signed out")
    copied = app.test_client()
    copied.set_cookie("dps_track", cookie, path="/track")
    assert copied.get("/track/case").status_code == 302


def test_the_victim_sees_public_events_newest_first_and_never_internal_notes(app, signed_in, case_a):
    with app.app_context():
        now = clock.now()
        session.add_all(
            [
                CaseEvent(
                    report_id=case_a,
                    kind="internal_note",
                    public=False,
                    text="Suspect is the neighbour",
                    created_at=now + timedelta(minutes=1),
                ),
                CaseEvent(
                    report_id=case_a,
                    kind="public_update",
                    public=True,
                    text="We have spoken to a witness.",
                    created_at=now + timedelta(minutes=2),
                ),
                CaseEvent(
                    report_id=case_a,
                    kind="status",
                    status_before="received",
                    status_after="triaged",
                    public=True,
                    created_at=now + timedelta(minutes=3),
                ),
            ]
        )
        session.commit()
    found = page(signed_in, "/track/case")
    assert "Suspect is the neighbour" not in found.response.get_data(as_text=True)
    headings = found.texts(".dps-timeline__item h3")
    assert headings[0] == "Your case is now: triaged"
    assert headings[1] == "Update from the police"
    assert headings[-1] == "We received your report"
    assert "We have spoken to a witness." in found.text


def test_status_named_officer_and_next_update_due(app, signed_in, case_a):
    with app.app_context():
        officer = make_staff("officer", name="PC Ada Lovelace", email="ada.lovelace@example.org")
        report = session.get(Report, case_a)
        report.assigned_to_id = officer.id
        session.commit()
    found = page(signed_in, "/track/case")
    assert "PC Ada Lovelace" in found.text and "ada.lovelace@example.org" in found.text
    assert "Next update due" in found.text
    assert "We have received your report" in found.text


def test_free_text_renders_inert(app, signed_in, case_a):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    with app.app_context():
        session.add(CaseEvent(report_id=case_a, kind="public_update", public=True, text=payload))
        session.commit()
    body = page(signed_in, "/track/case").response.get_data(as_text=True)
    assert payload not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_every_case_post_needs_a_csrf_token(app, signed_in, case_a):
    urls = [
        "/track",
        "/track/sign-out",
        f"/track/sign-in/{issue(app, case_a)}",
        "/track/case/add-information",
        "/track/case/contact-preferences",
        "/track/case/ask-for-contact",
        "/track/case/support",
    ]
    for url in urls:
        assert signed_in.post(url, data={"message": "x"}).status_code == 400, url
    with app.app_context():
        assert session.scalar(select(CaseEvent).where(CaseEvent.kind == "victim_message")) is None
