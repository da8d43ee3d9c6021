"""Public updates reach the victim by a safe channel and restart the update clock; internal notes never leave the
staff view; assignment names the officer to the victim; new information flags a report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, OutboxMessage
from portal.services.cases import clocks as case_clock
from portal.services.cases import transitions as cases
from portal.services.cases import triage
from portal.services.tracking import victim_view
from tests.factories.reports import make_report
from tests.factories.staff import make_staff
from tests.factories.wards import make_borough, make_ward
from tests.support.tracking import sent_body

GRADING = {
    "threat": "low",
    "harm": "low",
    "risk": "low",
    "investigation": "some",
    "vulnerability": "none",
    "engagement": "engaged",
    "grading": "standard",
    "enhanced_rights": False,
    "reason": "Nuisance with lines of enquiry.",
}


@pytest.fixture
def ward(app_context):
    return make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


@pytest.fixture
def officer(ward):
    return make_staff("officer", wards=[ward], name="PC Amy Jones")


def at(monkeypatch, moment: datetime) -> None:
    """Make the case services believe it is `moment`."""
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_a_public_update_is_emailed_with_a_sign_in_link_and_shown_to_the_victim(ward, officer):
    report = make_report(ward=ward, status="triaged", reporter_email="victim@example.com")
    result = cases.public_update(report, "We have checked the CCTV.", officer)
    assert result.delivery.emailed and result.delivery.instruction is None
    assert result.event.public and result.event.kind == "public_update"
    email = session.query(OutboxMessage).one()
    assert email.to_address == "victim@example.com"
    assert "We have checked the CCTV." in email.body_text
    assert "/track/sign-in/" in sent_body(email)


@pytest.mark.parametrize(
    ("columns", "instruction"),
    [
        ({"unsafe_channels": ["email"], "reporter_phone": "07700900000", "preferred_contact": "phone"}, "phone call"),
        ({"reporter_email": None, "reporter_phone": "07700900000", "preferred_contact": "text"}, "text message"),
        ({"unsafe_channels": ["email", "phone"], "reporter_phone": "07700900000"}, "text message"),
        ({"unsafe_channels": ["email", "phone", "text"], "reporter_phone": "07700900000"}, "has not given a safe way"),
        ({"anonymous": True, "reporter_email": None}, "no contact details"),
    ],
)
def test_no_email_when_email_is_unsafe_or_missing_and_the_officer_is_told_a_safe_channel(
    ward, officer, columns, instruction
):
    columns = {"reporter_email": "victim@example.com", **columns}
    unsafe = columns.pop("unsafe_channels", [])
    report = make_report(ward=ward, status="triaged", **columns)
    report.unsafe_channels = unsafe
    session.commit()
    result = cases.public_update(report, "An update", officer)
    assert not result.delivery.emailed
    assert instruction in result.delivery.instruction
    assert session.query(OutboxMessage).count() == 0
    recorded = session.query(CaseEvent).filter_by(report_id=report.id, kind="contact_needed").one()
    assert recorded.public is False and instruction in recorded.text


def test_an_internal_note_is_never_public_or_emailed(ward, officer):
    report = make_report(ward=ward, status="triaged", reporter_email="victim@example.com")
    cases.internal_note(report, "Suspect is the victim's neighbour: do not disclose", officer)
    cases.public_update(report, "We are making enquiries.", officer)
    public_texts = [e.text for e in session.query(CaseEvent).filter_by(report_id=report.id, public=True)]
    assert all("neighbour" not in (text or "") for text in public_texts)
    assert all("neighbour" not in m.body_text for m in session.query(OutboxMessage))
    note = session.query(CaseEvent).filter_by(kind="internal_note").one()
    assert note.public is False and note.actor_id == officer.id


def test_the_victims_case_page_data_leaves_out_internal_notes(ward, officer):
    report = make_report(ward=ward, status="triaged", reporter_email="victim@example.com")
    cases.internal_note(report, "Internal only: informant", officer)
    cases.public_update(report, "Public words", officer)
    texts = [entry.text or "" for entry in victim_view.timeline(report)]
    assert any("Public words" in text for text in texts)
    assert not any("informant" in text for text in texts)


def test_assigning_names_the_officer_to_the_victim(ward, officer):
    supervisor = make_staff("supervisor", boroughs=[ward.borough])
    report = make_report(ward=ward, status="triaged", reporter_email="victim@example.com")
    cases.assign(report, officer, supervisor)
    assert report.status == "assigned" and report.assigned_to_id == officer.id
    assert "PC Amy Jones is now the officer in charge" in session.query(OutboxMessage).one().body_text
    assert session.query(CaseEvent).filter_by(report_id=report.id, kind="assigned").one().actor_id == supervisor.id


def test_an_officer_outside_the_ward_cannot_be_assigned(ward, officer):
    elsewhere = make_staff("officer", wards=[make_ward("Soho", "E05013809", ward.borough)])
    report = make_report(ward=ward, status="triaged")
    with pytest.raises(cases.TransitionNotAllowed):
        cases.assign(report, elsewhere, officer)


def test_flag_for_attention_marks_the_report_for_the_queue(ward, officer):
    report = make_report(ward=ward, status="investigating")
    cases.flag_for_attention(report, "New information from the victim")
    session.commit()
    assert report.needs_attention and report.attention_reason == "New information from the victim"
    cases.clear_attention(report, officer)
    assert not report.needs_attention


# ---- The Victims' Code clock on a case -------------------------------------------------------------------------


def test_triage_starts_the_28_day_clock_and_a_public_update_resets_it(ward, officer, monkeypatch):
    report = make_report(ward=ward, reporter_email="victim@example.com")
    at(monkeypatch, datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    triage.grade(report, officer, GRADING)
    assert report.status == "triaged" and report.next_update_due == date(2026, 11, 30)
    at(monkeypatch, datetime(2026, 11, 20, 23, 30, tzinfo=UTC))  # 23:30 UTC is still the 20th in London (GMT)
    cases.public_update(report, "Still working on it", officer)
    assert report.next_update_due == date(2026, 12, 18)


def test_the_interval_is_configurable_per_case_and_by_default(ward, officer, monkeypatch, app):
    report = make_report(ward=ward)
    at(monkeypatch, datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    triage.grade(report, officer, GRADING)
    cases.set_update_interval(report, 7, officer)
    assert report.next_update_due == date(2026, 6, 8)
    monkeypatch.setitem(app.config, "CASE_UPDATE_INTERVAL_DAYS", 14)
    other = make_report(ward=ward)
    triage.grade(other, officer, GRADING)
    assert other.next_update_due == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("closed_at", "enhanced", "due"),
    [
        (datetime(2026, 12, 24, 15, 0, tzinfo=UTC), True, date(2026, 12, 29)),  # Christmas and Boxing Day substitute
        (datetime(2026, 12, 23, 15, 0, tzinfo=UTC), False, date(2027, 1, 4)),  # 5 working days over New Year
        (datetime(2026, 11, 27, 16, 0, tzinfo=UTC), True, date(2026, 11, 30)),  # Friday: the weekend is skipped
        (datetime(2026, 4, 2, 22, 30, tzinfo=UTC), True, date(2026, 4, 7)),  # 23:30 BST is still the 2nd; Easter
    ],
)
def test_a_right_6_decision_is_due_in_working_days(ward, officer, monkeypatch, closed_at, enhanced, due):
    report = make_report(ward=ward, status="investigating", reporter_email=None, enhanced_rights=enhanced)
    at(monkeypatch, closed_at)
    cases.transition(report, "closed", by=officer, reason="CPS", outcome="charged", public=False)
    assert report.notify_by == due
    assert report.next_update_due is None  # no regular updates on a closed case


def test_a_vulnerable_victim_gets_enhanced_rights_and_a_1_working_day_notice(ward, officer, monkeypatch):
    report = make_report(ward=ward)
    at(monkeypatch, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # a Thursday
    triage.grade(report, officer, {**GRADING, "vulnerability": "vulnerable", "enhanced_rights": False})
    assert report.vulnerable and report.enhanced_rights
    assert report.urgency == triage.urgency("standard", True) < triage.urgency("standard", False)
    cases.transition(report, "closed", by=officer, reason="No evidence", outcome="nfa-evidence", public=False)
    assert report.notify_by == date(2026, 11, 27)


def test_regrading_keeps_history_and_the_latest_is_current(ward, officer, monkeypatch):
    report = make_report(ward=ward)
    at(monkeypatch, datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    triage.grade(report, officer, GRADING)
    at(monkeypatch, datetime(2026, 11, 3, 10, 0, tzinfo=UTC))
    triage.grade(report, officer, {**GRADING, "grading": "priority", "threat": "high", "reason": "Threats made"})
    history = triage.history(report)
    assert [g.grading for g in history] == ["priority", "standard"]
    assert report.grading == "priority" and report.status == "triaged"
    assert report.triaged_at.replace(tzinfo=UTC) == datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_the_clocks_shown_on_a_report(ward):
    report = make_report(ward=ward, submitted_at=datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    clocks = case_clock.clocks(report, datetime(2026, 11, 27, 9, 30, tzinfo=UTC))
    assert clocks.recording_deadline == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert clocks.recording_overdue and clocks.recording_applies
    assert case_clock.duration(clocks.on_queue_for) == "1 day 1 hour"
    assert case_clock.duration(datetime(2026, 1, 1, 0, 5) - datetime(2026, 1, 1)) == "5 minutes"
