"""Check your answers checks every answer once and keeps what it found with the draft; "Send report" reuses it only
while nothing the check read has changed (the answers, the release, the wards, the date), and otherwise checks every
answer again."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from portal.core import clock
from portal.db import session
from portal.journeys import navigation
from portal.models import Report, ReportDraft, Ward
from portal.report_types import REPORT_TYPES
from portal.services.reporting import checking
from tests.factories.reports import asb_pages, db_fixture, fraud_pages, send, walk, ward_fixture  # noqa: F401
from tests.pages import page

ASB = "anti-social-behaviour"


def the_draft() -> ReportDraft:
    return session.scalars(select(ReportDraft)).one()


@pytest.fixture(name="checks")
def checks_fixture(monkeypatch) -> list[str]:
    """Every full check of the answers made from here on (each builds and validates every visible step's form)."""
    made: list[str] = []
    review = checking.review

    def counted(report_type, raw):
        made.append(report_type.slug)
        return review(report_type, raw)

    monkeypatch.setattr(checking, "review", counted)
    return made


def test_check_answers_keeps_its_rows_and_the_report_records_exactly_those(client, ward, db, checks):
    walk(client, ASB, asb_pages(ward.code))
    shown = page(client, f"/report/{ASB}/check-answers", title="Check your answers")
    draft = db(the_draft)
    expected = db(lambda: navigation.stored_record(REPORT_TYPES[ASB], draft.answers)["sections"])
    assert draft.checked["sections"] == expected
    assert shown.texts(".govuk-summary-list__key") == [row["question"] for part in expected for row in part["rows"]]

    again = page(client, f"/report/{ASB}/check-answers", title="Check your answers")
    assert again.texts(".govuk-summary-list__row") == shown.texts(".govuk-summary-list__row")
    assert send(client, ASB).title.startswith("Report sent")
    assert checks == [ASB]  # the first showing checked every answer; the second and "Send report" reused it

    report = db(lambda: session.scalars(select(Report)).one())
    assert report.answers["sections"] == expected
    assert db(the_draft).checked is None  # the answers moved into the report: the draft keeps no copy


def test_an_answer_changed_after_the_check_is_checked_again_and_shown(client, ward, db, checks):
    walk(client, "fraud", fraud_pages(ward.code))
    token = page(client, "/report/fraud/check-answers").csrf_token()

    def tamper() -> None:  # as another tab's save would, but with an answer its page would refuse
        answers = dict(the_draft().answers)
        answers["payment"] = {**answers["payment"], "amount": "lots"}
        session.execute(update(ReportDraft).values(answers=answers))
        session.commit()

    db(tamper)
    response = client.post("/report/fraud/check-answers", data={"csrf_token": token})
    assert response.headers["Location"] == "/report/fraud/payment?return-to=check-answers"
    assert page(client, response.headers["Location"]).error_messages() == [
        "Enter the amount in pounds, like 150 or 150.50"
    ]
    assert db(lambda: session.scalars(select(Report)).all()) == []
    assert checks == ["fraud", "fraud"]


def test_a_ward_retired_after_the_check_is_caught_at_sending(client, ward, db, checks):
    walk(client, ASB, asb_pages(ward.code))
    token = page(client, f"/report/{ASB}/check-answers").csrf_token()

    def retire() -> None:  # a boundary reload: the public content changes with it
        session.scalars(select(Ward)).one().retired_at = clock.now()
        session.commit()

    db(retire)
    response = client.post(f"/report/{ASB}/check-answers", data={"csrf_token": token})
    assert response.headers["Location"] == f"/report/{ASB}/where?return-to=check-answers"
    assert checks == [ASB, ASB]


def test_after_midnight_every_answer_is_checked_again(client, ward, db, checks, monkeypatch):
    before = datetime.combine(clock.london_date(clock.now()), time(23, 58), tzinfo=clock.LONDON)
    monkeypatch.setattr(clock, "now", lambda: before)
    walk(client, ASB, asb_pages(ward.code))
    token = page(client, f"/report/{ASB}/check-answers").csrf_token()
    monkeypatch.setattr(clock, "now", lambda: before + timedelta(minutes=4))  # the next day in London
    sent = client.post(f"/report/{ASB}/check-answers", data={"csrf_token": token})
    assert sent.headers["Location"] == f"/report/{ASB}/confirmation"
    assert checks == [ASB, ASB]
    assert db(lambda: session.scalars(select(Report)).one()).reference


def test_a_new_release_checks_every_answer_again(client, ward, db, checks, monkeypatch):
    walk(client, ASB, asb_pages(ward.code))
    token = page(client, f"/report/{ASB}/check-answers").csrf_token()
    monkeypatch.setattr(checking, "release", lambda: "the next release")
    assert client.post(f"/report/{ASB}/check-answers", data={"csrf_token": token}).status_code == 302
    assert checks == [ASB, ASB]


def test_a_check_that_found_a_fault_is_not_kept(client, ward, db):
    walk(client, "fraud", fraud_pages(ward.code))

    def tamper() -> None:
        answers = dict(the_draft().answers)
        answers["payment"] = {**answers["payment"], "amount": "lots"}
        session.execute(update(ReportDraft).values(answers=answers, checked=None))
        session.commit()

    db(tamper)
    page(client, "/report/fraud/check-answers")
    assert db(the_draft).checked is None
