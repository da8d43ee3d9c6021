"""Each report type end to end through the Flask client, with CSRF on, as a reporter would go through it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.db import session
from portal.models import CaseEvent, OutboxMessage, Report
from portal.services.reporting import references
from tests.factories.reports import (  # noqa: F401  (fixtures)
    asb_pages,
    date_parts,
    db_fixture,
    fraud_pages,
    road_traffic_pages,
    send,
    walk,
    ward_fixture,
)
from tests.pages import page, submit


def only_report(db) -> Report:
    reports = db(lambda: session.scalars(select(Report)).all())
    assert len(reports) == 1
    return reports[0]


def test_report_page_lists_the_types_and_what_not_to_report_online(client):
    p = page(client, "/report", title="Report online")
    assert p.texts("h2 a") == [
        "Report a theft",
        "Report a burglary",
        "Report criminal damage or graffiti",
        "Report vehicle crime",
        "Report a stolen bicycle",
        "Report a road traffic incident",
        "Report fraud",
        "Report anti-social behaviour",
        "Give information about a crime",
        "Hand in found property",
    ]
    assert "What not to report online" in p.texts("h2")
    assert "0300 123 2040" in p.text and "call 999" in p.text.lower()


def test_road_traffic_incident_end_to_end(client, ward, db):
    check = walk(client, "road-traffic-incident", road_traffic_pages(ward.code))
    assert check.title.startswith("Check your answers")
    assert "AB12 CDE" in check.text and "West End, Westminster" in check.text
    confirmation = send(client, "road-traffic-incident")
    assert confirmation.title.startswith("Report sent")
    shown = confirmation.select_one(".dps-reference").get_text(strip=True)
    report = only_report(db)
    assert references.display(report.reference) == shown and references.is_valid(shown)
    assert report.report_type == "road-traffic-incident" and report.status == "received"
    assert report.ward_id == ward.id and report.postcode == "W1B 2QL"
    assert report.reporter_name == "Sam O'Brien" and report.reporter_email == "sam@example.com"
    assert report.reporter_phone == "+447911123456" and report.preferred_contact == "email"
    assert report.answers["answers"]["vehicles"]["items"][0]["registration"] == "AB12 CDE"
    questions = {row["question"] for section in report.answers["sections"] for row in section["rows"]}
    assert {"Involvement", "Date", "Vehicle 1", "Evidence", "Statement of truth"} <= questions
    assert not report.flag_injuries and not report.flag_late_road_traffic
    events = db(lambda: session.scalars(select(CaseEvent).where(CaseEvent.report_id == report.id)).all())
    assert [(e.kind, e.status_before, e.status_after, e.public) for e in events] == [
        ("received", None, "received", True)
    ]
    email = db(lambda: session.scalars(select(OutboxMessage)).one())
    assert email.to_address == "sam@example.com" and shown in email.subject and shown in email.body_text
    assert "road traffic incident" in email.body_text and "/track" in email.body_text
    assert "van reversed" not in email.body_text  # no free text in email


def test_road_traffic_over_24_hours_warns_and_flags_but_still_accepts(client, ward, db):
    pages = road_traffic_pages(ward.code)
    pages[2] = ("when", {"date": date_parts(date.today() - timedelta(days=3)), "time": "09:00"})
    pages.insert(3, ("late-report", {}))
    walk(client, "road-traffic-incident", pages[:3])
    late = page(client, "/report/road-traffic-incident/late-report", title="You are reporting more than 24 hours")
    assert "within 24 hours" in late.text and "section 170" in late.text
    walk(client, "road-traffic-incident", pages[3:])
    send(client, "road-traffic-incident")
    assert only_report(db).flag_late_road_traffic


def test_injuries_are_advised_and_flagged(client, ward, db):
    pages = road_traffic_pages(ward.code)
    index = pages.index(("injuries", {"injuries": "no"}))
    pages[index] = ("injuries", {"injuries": "yes"})
    pages.insert(index + 1, ("injury-details", {"injury_details": "Whiplash", "hospital": "no"}))
    walk(client, "road-traffic-incident", pages[: index + 1])
    advice = page(client, "/report/road-traffic-incident/injury-details")
    assert "call 111" in advice.text
    walk(client, "road-traffic-incident", pages[index + 1 :])
    send(client, "road-traffic-incident")
    assert only_report(db).flag_injuries


def test_fraud_with_money_lost(client, ward, app, db, monkeypatch):
    monkeypatch.setitem(app.config, "FRAUD_HIGH_VALUE_POUNDS", 200)
    walk(client, "fraud", fraud_pages(ward.code, amount="£1,250.50"))
    send(client, "fraud")
    report = only_report(db)
    assert report.category == "crime" and report.amount_lost_pence == 125050
    assert report.flag_high_value_fraud
    items = report.answers["answers"]["suspect-details"]["items"]
    assert items == [{"identifier_type": "phone", "identifier": "020 7946 0000"}]


def test_fraud_without_loss_is_an_information_report(client, ward, db):
    walk(client, "fraud", fraud_pages(ward.code, amount=None))
    confirmation = send(client, "fraud")
    assert "information report" in confirmation.text
    report = only_report(db)
    assert report.category == "information" and report.amount_lost_pence is None
    assert not report.flag_high_value_fraud


def test_fraud_that_belongs_to_report_fraud_is_routed_there(client, db):
    walk(client, "fraud", [("emergency", {"emergency": "no"})])
    stop = submit(client, "/report/fraud/report-to-police", {"reasons": ["none"]}, title="Report it to Report Fraud")
    assert "0300 123 2040" in stop.text
    assert page(client, "/report/fraud/contact-method", follow_redirects=True).title.startswith("Report it")
    assert db(lambda: session.scalar(select(func.count(Report.id)))) == 0


@pytest.mark.parametrize("slug", ["road-traffic-incident", "fraud", "anti-social-behaviour"])
def test_emergency_screening_stops_every_journey_with_call_999(client, slug):
    stop = submit(client, f"/report/{slug}/emergency", {"emergency": "yes"}, title="Call 999 now")
    assert "textphone 18000" in stop.text and "18001 101" in stop.text
    # The journey cannot continue past an emergency answer.
    assert page(client, f"/report/{slug}/check-answers", follow_redirects=True).title.startswith("Call 999")


def test_anti_social_behaviour_named(client, ward, db):
    walk(client, "anti-social-behaviour", asb_pages(ward.code))
    confirmation = send(client, "anti-social-behaviour")
    assert "ASB Case Review" not in confirmation.text
    report = only_report(db)
    assert report.flag_ongoing and not report.anonymous and report.reporter_email == "sam@example.com"


def test_anti_social_behaviour_anonymous_gets_no_updates_and_no_email(client, ward, db):
    walk(client, "anti-social-behaviour", asb_pages(ward.code, anonymous=True)[:-1])
    question = page(client, "/report/anti-social-behaviour/anonymous")
    assert "cannot give you updates" in question.text
    walk(client, "anti-social-behaviour", asb_pages(ward.code, anonymous=True)[-1:])
    confirmation = send(client, "anti-social-behaviour")
    assert "cannot give you updates" in confirmation.text
    report = only_report(db)
    assert report.anonymous and report.reporter_email is None and report.reporter_name is None
    assert db(lambda: session.scalar(select(func.count(OutboxMessage.id)))) == 0


def test_third_asb_report_in_six_months_offers_the_case_review(app, ward, db):
    for number in range(1, 4):
        client = app.test_client()
        walk(client, "anti-social-behaviour", asb_pages(ward.code, email="Repeat@Example.com"))
        confirmation = send(client, "anti-social-behaviour")
        assert ("ASB Case Review" in confirmation.text) == (number == 3)
    flags = db(lambda: session.scalars(select(Report.flag_asb_case_review).order_by(Report.id)).all())
    assert flags == [False, False, True]


def test_case_review_counts_only_this_reporters_asb_reports_from_the_last_six_months(app, ward, db):
    def report_as(email: str, age_days: int) -> None:
        client = app.test_client()
        walk(client, "anti-social-behaviour", asb_pages(ward.code, email=email))
        send(client, "anti-social-behaviour")

        def backdate() -> None:
            latest = session.scalars(select(Report).order_by(Report.id.desc())).first()
            latest.submitted_at -= timedelta(days=age_days)
            session.commit()

        db(backdate)

    report_as("old@example.com", 200)  # outside the six months
    report_as("other@example.com", 0)  # someone else
    report_as("old@example.com", 10)
    report_as("old@example.com", 0)
    flags = db(lambda: session.scalars(select(Report.flag_asb_case_review).order_by(Report.id)).all())
    assert flags == [False, False, False, False]
    report_as("OLD@example.com", 0)
    assert db(lambda: session.scalars(select(Report.flag_asb_case_review).order_by(Report.id.desc())).first())


def test_unknown_ward_is_allowed(client, ward, db):
    pages = asb_pages(ward.code)
    pages[3] = ("where", {"ward": "unknown"})
    walk(client, "anti-social-behaviour", pages)
    send(client, "anti-social-behaviour")
    assert only_report(db).ward_id is None


def test_ward_search_without_javascript_lists_matching_wards(client, ward):
    walk(client, "anti-social-behaviour", asb_pages(ward.code)[:3])
    results = page(client, "/report/anti-social-behaviour/where?q=westminster")
    assert results.texts(".govuk-radios__label") == ["West End, Westminster", "I do not know the ward"]
    nothing = page(client, "/report/anti-social-behaviour/where?q=atlantis")
    assert "No wards match" in nothing.text
    bad = submit(client, "/report/anti-social-behaviour/where", {"ward": "E05999999"})
    assert bad.error_messages() == ["Select the ward where it happened, or select 'I do not know'"]


def test_free_text_is_stored_verbatim_and_rendered_escaped(client, ward, db):
    hostile = "<script>alert(1)</script> \"quotes\" & 'apostrophes' <img src=x onerror=alert(2)>"
    pages = asb_pages(ward.code)
    pages[4] = ("place", {"place": hostile})
    check = walk(client, "anti-social-behaviour", pages)
    assert not check.select("main script") and not check.select("main img")
    assert hostile in check.text
    send(client, "anti-social-behaviour")
    assert only_report(db).place_description == hostile
