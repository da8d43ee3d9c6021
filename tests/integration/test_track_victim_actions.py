"""What the victim adds from their case page reaches the officer: an event, a flag in the queue, and an email to the
assigned officer that does not repeat the victim's words."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from portal.db import session
from portal.forms.track import slot_choices
from portal.models import CaseEvent, OutboxMessage, Report, StaffUser
from portal.services.cases import transitions as cases
from portal.services.tracking import links
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit
from tests.support.tracking import sign_in_with

SECRET = "The man who did it lives at number 42"


@pytest.fixture
def case(app):
    with app.app_context():
        ward = make_ward("West End", None, make_borough("Westminster"))
        officer = make_staff("officer", wards=[ward], name="PC Grace Hopper", email="grace.hopper@example.org")
        report = make_report(ward=ward, reporter_email="victim@example.com")
        cases.assign(report, officer, None)
        return {"report": report.id, "officer": officer.id, "ward": ward.id}


@pytest.fixture
def victim(app, client, case):
    with app.app_context():
        token = links.issue(session.get(Report, case["report"]))
        session.commit()
    sign_in_with(client, token)
    return client


def events(app, report_id, kind):
    with app.app_context():
        found = list(session.scalars(select(CaseEvent).where(CaseEvent.report_id == report_id, CaseEvent.kind == kind)))
        session.expunge_all()  # still readable after the context closes
        return found


def test_add_information_creates_an_event_flags_the_case_and_tells_the_officer(app, victim, case):
    found = submit(victim, "/track/case/add-information", {"message": SECRET}, title="Your report")
    assert "We have sent your information" in found.text
    (event,) = events(app, case["report"], "victim_message")
    assert event.text == SECRET and event.actor_id is None
    with app.app_context():
        report = session.get(Report, case["report"])
        assert report.needs_attention and report.attention_reason == "New information from the victim"
        notice = session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "track-officer-notice"))
        assert notice.to_address == "grace.hopper@example.org"
        assert SECRET not in notice.body_text and "lives at number" not in notice.subject  # the reference may hold 42
    # The victim sees what they sent, escaped, and can open it.
    assert SECRET in page(victim, "/track/case").text
    page(victim, f"/track/case/messages/{event.id}", title="What you sent")


def test_add_information_needs_a_message(app, victim, case):
    found = submit(victim, "/track/case/add-information", {"message": "  "})
    assert found.title.startswith("Error: Tell us something new")
    assert found.error_messages() == ["Enter what you want to tell us"]
    assert events(app, case["report"], "victim_message") == []


def test_files_go_through_the_evidence_library(app, victim, case):
    from tests.support.evidence_samples import png

    token = page(victim, "/track/case/add-information").csrf_token()
    response = victim.post(
        "/track/case/add-information",
        data={"csrf_token": token, "message": "A photo", "files": [(io.BytesIO(png()), "photo.png")]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert len(events(app, case["report"], "evidence_added")) == 1
    found = page(victim, "/track/case")
    link = found.select_one("a[download]")
    assert link.get_text(strip=True) == "photo.png" and link["href"].startswith("/track/evidence/")
    with victim.get(link["href"]) as download:
        assert download.status_code == 200 and download.data == png()


def test_the_officer_sees_what_the_victim_sent_on_the_report_page(app, victim, case):
    submit(victim, "/track/case/add-information", {"message": SECRET})
    staff_client = app.test_client()
    with app.app_context():
        login_as(staff_client, session.get(StaffUser, case["officer"]))
    found = page(staff_client, f"/staff/reports/{case['report']}")
    section = found.select_one("#victim-requests").find_parent("section")
    assert SECRET in section.get_text()


def test_contact_preferences_change_the_report_and_are_recorded_privately(app, victim, case):
    found = page(victim, "/track/case/contact-preferences", title="How we contact you")
    assert found.select_one("input[name=interval][value='28']").has_attr("checked")
    submit(
        victim,
        "/track/case/contact-preferences",
        {"preferred": "phone", "times": "After 6pm", "unsafe": ["email", "letter"], "interval": "14"},
        title="Your report",
    )
    with app.app_context():
        report = session.get(Report, case["report"])
        assert report.preferred_contact == "phone" and report.contact_times == "After 6pm"
        assert report.unsafe_channels == ["email", "letter"] and report.flag_contact_safety
        assert report.update_interval_days == 14
    (event,) = events(app, case["report"], "contact_preferences")
    assert not event.public and "Not safe to use: Email, Letter" in event.text


def test_a_preferred_channel_marked_unsafe_is_refused(app, victim, case):
    found = submit(
        victim, "/track/case/contact-preferences", {"preferred": "email", "unsafe": ["email"], "interval": "28"}
    )
    assert "You told us email is not safe to use: choose another way to contact you" in found.error_messages()


def test_asking_for_a_call_back_records_a_request_the_officer_sees(app, victim, case):
    form = page(victim, "/track/case/ask-for-contact", title="Ask for a call back or an appointment")
    slots = [el["value"] for el in form.select("input[name=slots]")]
    assert len(slots) == 15
    submit(
        victim,
        "/track/case/ask-for-contact",
        {"kind": "appointment", "slots": slots[:2], "note": "Step-free access please"},
        title="Your report",
    )
    (event,) = events(app, case["report"], "request")
    assert event.public
    # The ward's borough is not assumed to have a counter: the nearest listed one is named, or none.
    assert "an appointment at a front counter (none listed)" in event.text
    assert "Step-free access please" in event.text
    with app.app_context():
        assert session.get(Report, case["report"]).needs_attention


def test_a_request_needs_between_one_and_three_slots(app, victim, case):
    form = page(victim, "/track/case/ask-for-contact")
    slots = [el["value"] for el in form.select("input[name=slots]")]
    found = submit(victim, "/track/case/ask-for-contact", {"kind": "call-back", "slots": slots[:4]})
    assert found.error_messages() == ["Select no more than 3 times"]
    found = submit(victim, "/track/case/ask-for-contact", {"kind": "call-back"})
    assert found.error_messages() == ["Select at least one time that suits you"]
    found = submit(victim, "/track/case/ask-for-contact", {"kind": "call-back", "slots": ["2020-01-01_morning"]})
    assert found.error_messages()
    assert events(app, case["report"], "request") == []


def test_slots_are_working_days_after_today():
    # Friday 25 December 2026 is Christmas Day, Monday 28 December is the Boxing Day substitute.
    choices = slot_choices(date(2026, 12, 24))
    days = sorted({value.split("_")[0] for value, _label in choices})
    assert days == ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04", "2027-01-05"]


def test_support_signposts_and_records_consent_to_a_referral(app, victim, case):
    found = page(victim, "/track/case/support", title="Support for you")
    assert "Victim Support" in found.text and "08 08 16 89 111" in found.text
    assert "ASB Help" in found.text  # the report is anti-social behaviour
    submit(victim, "/track/case/support", {"services": ["victim-support"]}, title="Your report")
    (event,) = events(app, case["report"], "support_referral")
    assert event.text == "Consented to a referral to: Victim Support."


def test_mass_assignment_cannot_change_status_officer_or_ward(app, victim, case):
    submit(
        victim,
        "/track/case/add-information",
        {"message": "hello", "status": "closed", "ward_id": "999", "assigned_to_id": "999", "urgency": "0"},
    )
    with app.app_context():
        report = session.get(Report, case["report"])
        assert report.status != "closed" and report.ward_id == case["ward"]
        assert report.assigned_to_id == case["officer"]
