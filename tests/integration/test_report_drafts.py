"""Drafts live in the database; the browser keeps only a token. Save and come back later by an emailed link."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from portal.core import clock
from portal.core.clock import aware
from portal.db import session
from portal.models import OutboxMessage, Report, ReportDraft
from portal.services.reporting import references
from tests.factories.reports import asb_pages, db_fixture, walk, ward_fixture  # noqa: F401  (fixtures)
from tests.pages import page, submit
from tests.support.tracking import sent_body

SLUG = "anti-social-behaviour"


def session_cookie(app, client) -> dict:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("dps_session").value)


def emailed_link(db) -> str:
    """The link in the "continue your report" email as it is sent: the queued email holds only a placeholder."""
    queued = db(lambda: session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "draft-link")).one())
    assert "/report/resume/" not in queued.body_text
    body = db(lambda: sent_body(queued))
    return re.search(r"http://\S+", body).group(0)


def test_answers_are_kept_on_the_server_not_in_the_cookie(app, client, ward, db):
    walk(client, SLUG, asb_pages(ward.code)[:3])
    cookie = session_cookie(app, client)
    assert set(cookie["report_drafts"]) == {SLUG}
    assert "drinking" not in str(cookie) and "shouting" not in str(cookie)
    draft = db(lambda: session.scalars(select(ReportDraft)).one())
    assert draft.answers["behaviour"]["behaviour"] == ["noise", "drinking"]
    assert draft.token_hash != cookie["report_drafts"][SLUG]["value"]  # only the hash is stored
    assert clock.now() + timedelta(days=29) < aware(draft.expires_at) <= clock.now() + timedelta(days=30)


def test_save_and_come_back_on_another_device(app, client, ward, db):
    walk(client, SLUG, asb_pages(ward.code)[:5])
    saved = submit(client, f"/report/{SLUG}/save", {"email": "later@example.com"}, title="Check your email")
    assert "works once" in saved.text
    message = db(lambda: session.scalars(select(OutboxMessage)).one())
    assert message.to_address == "later@example.com" and message.kind == "draft-link"
    link = emailed_link(db)
    path = link.removeprefix(app.config["PUBLIC_BASE_URL"])
    assert path.startswith("/report/resume/") and len(path.rsplit("/", 1)[1]) >= 43  # ≥ 256 bits

    other_device = app.test_client()
    landing = page(other_device, path, title="Continue your report")
    resumed = submit(other_device, path, {})
    assert resumed.title.startswith("When did it last happen?")  # the first unanswered step
    check = walk(other_device, SLUG, asb_pages(ward.code)[5:])
    assert "The bench outside the library" in check.text
    assert landing.response.headers["Cache-Control"].startswith("no-store")

    # The link works once.
    third = app.test_client()
    expired = submit(third, path, {}, status=404, title="This link has expired")
    assert "start a new report" in expired.text


def test_saving_asks_for_a_real_email_address(client, ward):
    walk(client, SLUG, asb_pages(ward.code)[:2])
    bad = submit(client, f"/report/{SLUG}/save", {"email": "not an email"})
    assert bad.error_messages() == ["Enter an email address in the correct format, like name@example.com"]


def test_expired_drafts_cannot_be_resumed_and_are_purged(app, client, ward, db):
    walk(client, SLUG, asb_pages(ward.code)[:3])
    submit(client, f"/report/{SLUG}/save", {"email": "later@example.com"})
    path = emailed_link(db).removeprefix(app.config["PUBLIC_BASE_URL"])

    def expire():
        session.execute(update(ReportDraft).values(expires_at=clock.now() - timedelta(minutes=1)))
        session.commit()

    db(expire)
    submit(app.test_client(), path, {}, status=404, title="This link has expired")
    # The browser that started it starts again too.
    assert client.get(f"/report/{SLUG}/where").headers["Location"].endswith("/emergency")
    # The daily job deletes it once the schedule's 30 days since its last change have passed.
    db(
        lambda: (
            session.execute(update(ReportDraft).values(updated_at=clock.now() - timedelta(days=31))),
            session.commit(),
        )
    )
    assert app.test_cli_runner().invoke(args=["retention", "run"]).exit_code == 0
    assert db(lambda: session.scalar(select(func.count(ReportDraft.id)))) == 0


def test_a_submitted_draft_starts_a_fresh_report(client, ward, db):
    walk(client, SLUG, asb_pages(ward.code))
    submit(client, f"/report/{SLUG}/check-answers", {})
    fresh = page(client, f"/report/{SLUG}/emergency")
    assert fresh.select_one("input[name=emergency][value=no]").get("checked") is None
    assert client.get(f"/report/{SLUG}/check-answers").headers["Location"] == f"/report/{SLUG}/confirmation"
    submitted = db(lambda: session.scalars(select(ReportDraft)).one())
    assert submitted.submitted_at is not None and submitted.answers == {}  # the answers now live in the report


def test_the_browsers_pointer_to_its_draft_expires_when_unused(app, client, ward, monkeypatch):
    walk(client, SLUG, asb_pages(ward.code)[:3])
    assert client.get(f"/report/{SLUG}/where").status_code == 200  # the draft's next step
    idle = app.config["REPORT_DRAFT_POINTER_SECONDS"]
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=idle - 60))
    assert client.get(f"/report/{SLUG}/where").status_code == 200
    submit(client, f"/report/{SLUG}/where", {"ward": ward.code})  # an answer: the pointer's time starts again
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=2 * idle - 120))
    assert client.get(f"/report/{SLUG}/place").status_code == 200
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=3 * idle))
    # Someone else at the same browser later finds no report in progress: the journey starts again.
    response = client.get(f"/report/{SLUG}/place")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/report/{SLUG}/emergency")


def test_the_confirmation_page_is_shown_only_for_a_while_after_sending(app, client, ward, monkeypatch):
    walk(client, SLUG, asb_pages(ward.code))
    sent = submit(client, f"/report/{SLUG}/check-answers", {})
    assert sent.title.startswith("Report sent")
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=app.config["REPORT_CONFIRMATION_SECONDS"] + 1))
    response = client.get(f"/report/{SLUG}/confirmation")
    assert response.status_code == 302 and response.headers["Location"].endswith("/report")


def test_sending_leaves_the_session_as_it_was_and_the_draft_leads_to_the_confirmation(app, client, ward, db):
    walk(client, SLUG, asb_pages(ward.code))
    before = client.get_cookie("dps_session").value
    token = page(client, f"/report/{SLUG}/check-answers").csrf_token()
    sent = client.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/report/{SLUG}/confirmation"
    assert "Set-Cookie" not in sent.headers  # the draft row, not the cookie, records that it was sent
    assert client.get_cookie("dps_session").value == before
    reference = db(lambda: session.scalars(select(Report.reference)).one())
    assert references.display(reference) in page(client, f"/report/{SLUG}/confirmation").text
    # Another browser, without this one's pointer to the draft, is not shown it.
    other = app.test_client()
    response = other.get(f"/report/{SLUG}/confirmation")
    assert response.status_code == 302 and response.headers["Location"].endswith("/report")


def test_a_report_sent_late_in_its_pointers_life_keeps_its_whole_confirmation_window(app, client, ward, monkeypatch):
    walk(client, SLUG, asb_pages(ward.code))
    idle, window = app.config["REPORT_DRAFT_POINTER_SECONDS"], app.config["REPORT_CONFIRMATION_SECONDS"]
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=idle - 60))  # the pointer's last minute
    assert submit(client, f"/report/{SLUG}/check-answers", {}).title.startswith("Report sent")
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=idle - 60 + window - 60))
    assert page(client, f"/report/{SLUG}/confirmation").title.startswith("Report sent")
    assert client.get(f"/report/{SLUG}/check-answers").headers["Location"] == f"/report/{SLUG}/confirmation"
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=idle - 60 + window + 1))
    response = client.get(f"/report/{SLUG}/confirmation")
    assert response.status_code == 302 and response.headers["Location"].endswith("/report")
