"""Perceived hate crime on any report (flag, THRIVE prompt, statistics) and consent to a support referral given
while reporting (flag and answer for staff)."""

from __future__ import annotations

from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import Report, StaffUser
from portal.services.oversight import statistics
from tests.factories.crime_reports import HATE_YES, criminal_damage_pages, theft_pages
from tests.factories.reports import asb_pages, db_fixture, send, walk, ward_fixture  # noqa: F401  (fixtures)
from tests.factories.staff import login_as, make_staff
from tests.pages import page

GRADING = {
    "triage-threat": "low",
    "triage-harm": "low",
    "triage-risk": "low",
    "triage-investigation": "some",
    "triage-vulnerability": "none",
    "triage-engagement": "engaged",
    "triage-grading": "standard",
    "triage-enhanced_rights": "no",
    "triage-reason": "No one is in danger.",
}


def officer(app, ward):
    client = app.test_client()
    with app.app_context():
        staff = make_staff("officer", wards=[ward])
        login_as(client, staff)
    return client, staff.id


def test_perceived_hate_crime_is_flagged_prompted_and_stays_whatever_the_grading(app, client, ward, db):
    walk(client, "criminal-damage", criminal_damage_pages(ward.code, hate=True))
    send(client, "criminal-damage")
    report = db(lambda: session.scalars(select(Report)).one())
    assert report.flag_hate_crime and report.hate_crime_strands == ["race", "religion"]
    staff_client, _ = officer(app, ward)
    shown = page(staff_client, f"/staff/reports/{report.id}")
    assert "Hate crime (perceived)" in shown.texts(".dps-case-flags li")
    prompt = shown.select_one("#triage ~ .dps-thrive-prompt").get_text(" ", strip=True)
    assert "race, colour, nationality or ethnic origin, religion or belief" in prompt
    assert "whatever your own view" in prompt and "vulnerability" in prompt.lower()
    token = shown.csrf_token()
    graded_page = staff_client.post(
        f"/staff/reports/{report.id}/triage", data={"csrf_token": token, **GRADING}, follow_redirects=True
    )
    assert "Graded Standard" in graded_page.get_data(as_text=True)
    graded = db(lambda: session.get(Report, report.id))
    assert graded.grading == "standard" and graded.flag_hate_crime  # the officer's grading does not remove it


def test_any_type_can_be_reported_as_hate_crime(client, ward, db):
    pages = asb_pages(ward.code)
    index = [path for path, _ in pages].index("hate-crime")
    walk(client, "anti-social-behaviour", [*pages[:index], *HATE_YES, *pages[index + 1 :]])
    send(client, "anti-social-behaviour")
    assert db(lambda: session.scalars(select(Report)).one()).flag_hate_crime


def test_without_hostility_there_is_no_flag_and_no_prompt(app, client, ward, db):
    walk(client, "theft", theft_pages(ward.code, referral="none"))
    send(client, "theft")
    report = db(lambda: session.scalars(select(Report)).one())
    assert not report.flag_hate_crime and report.hate_crime_strands is None and not report.flag_support_referral
    staff_client, _ = officer(app, ward)
    shown = page(staff_client, f"/staff/reports/{report.id}")
    assert not shown.select(".dps-thrive-prompt") and not shown.select(".dps-support-referral")


def test_hate_crime_is_counted_on_its_own_in_the_statistics(app, client, ward, db):
    walk(client, "criminal-damage", criminal_damage_pages(ward.code, hate=True))
    send(client, "criminal-damage")
    other = app.test_client()
    walk(other, "theft", theft_pages(ward.code))
    send(other, "theft")
    staff_client, staff_id = officer(app, ward)
    with app.app_context():
        figures = statistics.for_viewer(session.get(StaffUser, staff_id), now=clock.now())
    assert figures.total == 2 and figures.hate_crime == 1
    assert figures.hate_crime_by_strand == [
        ("Race, colour, nationality or ethnic origin", 1),
        ("Religion or belief, or having no religion", 1),
    ]
    shown = page(staff_client, "/staff/statistics")
    assert "Reports flagged as hate crime" in shown.text


def test_consent_to_a_support_referral_is_recorded_and_shown_to_staff(app, client, ward, db):
    walk(client, "theft", theft_pages(ward.code, referral="victim-support"))
    send(client, "theft")
    report = db(lambda: session.scalars(select(Report)).one())
    assert report.flag_support_referral and report.support_referral_services == ["victim-support"]
    staff_client, _ = officer(app, ward)
    shown = page(staff_client, f"/staff/reports/{report.id}")
    assert "Asked for a support referral" in shown.texts(".dps-case-flags li")
    assert "asked to be referred to Victim Support" in shown.select_one(".dps-support-referral").get_text(" ")
    assert "Referral to support" in shown.text  # the answer itself, in what was reported
    export = staff_client.get("/staff/queue/export?status=received").get_data(as_text=True)
    assert "Victim Support" in export
