"""Submission: re-validated, written in one transaction, and idempotent however often the same draft is sent."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from portal.db import session
from portal.models import CaseEvent, OutboxMessage, Report, ReportDraft
from portal.services.mail import outbox
from portal.services.reporting import references
from portal.services.reporting import submit as submissions
from tests.factories.reports import (  # noqa: F401  (fixtures)
    asb_pages,
    db_fixture,
    fraud_pages,
    send,
    walk,
    ward_fixture,
)
from tests.pages import page

SLUG = "anti-social-behaviour"


def counts(db) -> tuple[int, int, int]:
    return db(
        lambda: (
            session.scalar(select(func.count(Report.id))),
            session.scalar(select(func.count(CaseEvent.id))),
            session.scalar(select(func.count(OutboxMessage.id))),
        )
    )


def test_sending_twice_back_and_resubmit_makes_one_report_and_one_email(client, ward, db):
    walk(client, SLUG, asb_pages(ward.code))
    check = page(client, f"/report/{SLUG}/check-answers")
    token = check.csrf_token()
    first = client.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token})
    again = client.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"] == f"/report/{SLUG}/confirmation"
    assert counts(db) == (1, 1, 1)


def test_two_parallel_posts_of_the_same_draft_make_one_report_and_one_email(app, client, ward, db):
    walk(client, SLUG, asb_pages(ward.code))
    token = page(client, f"/report/{SLUG}/check-answers").csrf_token()
    cookie = client.get_cookie("dps_session")
    start = threading.Barrier(4)
    statuses: list[int] = []

    def post() -> None:
        twin = app.test_client()
        twin.set_cookie("dps_session", cookie.value)
        start.wait()
        statuses.append(twin.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302, 302, 302]
    assert counts(db) == (1, 1, 1)


def test_report_event_and_email_are_one_transaction(client, ward, db, monkeypatch):
    walk(client, SLUG, asb_pages(ward.code))

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(outbox, "enqueue", broken)
    token = page(client, f"/report/{SLUG}/check-answers").csrf_token()
    assert client.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token}).status_code == 500
    assert counts(db) == (0, 0, 0)
    assert db(lambda: session.scalar(select(ReportDraft.submitted_at))) is None  # the claim was rolled back too
    monkeypatch.undo()
    send(client, SLUG)
    assert counts(db) == (1, 1, 1)


def _change_place_once_while_sending(app, monkeypatch, place: str) -> None:
    """Change the draft's place from elsewhere (another tab) after the submission has read and checked the draft,
    before it claims it: the moment the claim's version check exists for."""
    checked = submissions.checking.check

    def check_then_change(report_type, draft):
        result = checked(report_type, draft)
        monkeypatch.setattr(submissions.checking, "check", checked)  # once
        with app.app_context():
            draft = session.scalars(select(ReportDraft)).one()
            draft.answers = {**draft.answers, "place": {"place": place}}
            session.commit()
        return result

    monkeypatch.setattr(submissions.checking, "check", check_then_change)


def test_an_answer_changed_in_another_tab_while_sending_is_the_one_sent(app, client, ward, db, monkeypatch):
    walk(client, SLUG, asb_pages(ward.code))
    _change_place_once_while_sending(app, monkeypatch, "Outside the station")
    assert send(client, SLUG).title.startswith("Report sent")
    report = db(lambda: session.scalars(select(Report)).one())
    assert report.place_description == "Outside the station"
    assert report.answers["answers"]["place"] == {"place": "Outside the station"}
    assert counts(db) == (1, 1, 1)


def test_submission_revalidates_every_step_and_shows_the_one_that_fails(client, ward, db):
    walk(client, "fraud", fraud_pages(ward.code))

    def tamper():
        draft = session.scalars(select(ReportDraft)).one()
        answers = dict(draft.answers)
        answers["payment"] = {**answers["payment"], "amount": "lots"}
        session.execute(update(ReportDraft).values(answers=answers))
        session.commit()

    db(tamper)
    token = page(client, "/report/fraud/check-answers").csrf_token()
    response = client.post("/report/fraud/check-answers", data={"csrf_token": token})
    assert response.headers["Location"] == "/report/fraud/payment?return-to=check-answers"
    shown = page(client, response.headers["Location"])
    assert shown.error_messages() == ["Enter the amount in pounds, like 150 or 150.50"]
    assert counts(db) == (0, 0, 0)


def test_a_public_post_cannot_set_status_ward_or_flags(client, ward, db):
    walk(client, SLUG, asb_pages(ward.code))
    token = page(client, f"/report/{SLUG}/check-answers").csrf_token()
    client.post(
        f"/report/{SLUG}/check-answers",
        data={"csrf_token": token, "status": "closed", "ward_id": "999", "flag_asb_case_review": "1"},
    )
    report = db(lambda: session.scalars(select(Report)).one())
    assert (report.status, report.ward_id, report.flag_asb_case_review) == ("received", ward.id, False)


def test_check_answers_refuses_an_unfinished_report(client, ward):
    walk(client, SLUG, asb_pages(ward.code)[:4])
    response = client.get(f"/report/{SLUG}/check-answers")
    assert response.headers["Location"] == f"/report/{SLUG}/place"


@pytest.mark.parametrize("url", [f"/report/{SLUG}/place", "/report/fraud/payment", "/report/fraud/suspect-details/1"])
def test_no_jumping_ahead(client, url):
    assert client.get(url).headers["Location"].endswith("/emergency")


def test_unknown_type_or_step_is_404(client):
    page(client, "/report/shoplifting/emergency", status=404)
    page(client, f"/report/{SLUG}/no-such-step", status=404)


def test_a_resend_after_the_answer_was_lost_shows_the_report_it_made(app, client, ward, db):
    # The browser sends the report; the web process saves it, then dies before answering (nginx answers 502), so the
    # browser keeps its session as it was before sending. Resending, or coming back, shows the one report made.
    walk(client, SLUG, asb_pages(ward.code))
    token = page(client, f"/report/{SLUG}/check-answers").csrf_token()
    before = client.get_cookie("dps_session").value
    send(client, SLUG)
    reference = db(lambda: session.scalar(select(Report.reference)))

    browser = app.test_client()
    browser.set_cookie("dps_session", before)
    again = browser.post(f"/report/{SLUG}/check-answers", data={"csrf_token": token})
    assert again.headers["Location"] == f"/report/{SLUG}/confirmation"
    confirmation = page(browser, f"/report/{SLUG}/confirmation")
    assert confirmation.h1 == "Report sent" and references.display(reference) in confirmation.text
    assert counts(db) == (1, 1, 1)

    returning = app.test_client()
    returning.set_cookie("dps_session", before)
    assert returning.get(f"/report/{SLUG}/check-answers").headers["Location"] == f"/report/{SLUG}/confirmation"
