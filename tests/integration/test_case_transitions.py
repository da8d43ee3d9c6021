"""Every status change goes through cases.transition(): each allowed move works, every other move is refused, and
each leaves a "status" event saying who, when and why."""

from __future__ import annotations

from itertools import product

import pytest

from portal.db import session
from portal.models import CaseEvent, OutboxMessage
from portal.services.cases import states
from portal.services.cases import transitions as cases
from tests.factories.reports import make_report
from tests.factories.staff import make_staff
from tests.factories.wards import make_borough, make_ward

ALLOWED = {
    ("received", "triaged"),
    ("triaged", "assigned"),
    ("triaged", "investigating"),
    ("triaged", "closed"),
    ("triaged", "referred"),
    ("assigned", "investigating"),
    ("assigned", "closed"),
    ("assigned", "referred"),
    ("investigating", "closed"),
    ("investigating", "referred"),
    ("closed", "reopened"),
    ("referred", "reopened"),
    ("reopened", "assigned"),
    ("reopened", "investigating"),
}
PAIRS = list(product(states.STATUSES, repeat=2))
OUTCOME_FOR = {"closed": "nfa-evidence", "referred": "referred-council"}


def test_the_table_is_exactly_the_documented_one():
    table = {(before, after) for before, afters in states.ALLOWED_TRANSITIONS.items() for after in afters}
    assert table == ALLOWED


@pytest.fixture
def ward(app_context):
    return make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


@pytest.mark.parametrize(("before", "after"), sorted(ALLOWED))
def test_each_allowed_transition_changes_status_and_records_who_and_why(ward, before, after):
    officer = make_staff("officer", wards=[ward])
    report = make_report(ward=ward, status=before)
    cases.transition(report, after, by=officer, reason="Checked the CCTV", outcome=OUTCOME_FOR.get(after))
    assert report.status == after
    event = session.query(CaseEvent).filter_by(report_id=report.id, kind="status").one()
    assert (event.status_before, event.status_after, event.actor_id) == (before, after, officer.id)
    assert event.text.startswith("Checked the CCTV")
    assert event.public is False  # the officer's reason is for staff


@pytest.mark.parametrize(("before", "after"), [pair for pair in PAIRS if pair not in ALLOWED])
def test_every_other_transition_is_refused_and_changes_nothing(ward, before, after):
    report = make_report(ward=ward, status=before)
    with pytest.raises(cases.TransitionNotAllowed, match="cannot go from"):
        cases.transition(report, after, by=None, reason="Trying", outcome=OUTCOME_FOR.get(after))
    session.rollback()
    assert report.status == before
    assert session.query(CaseEvent).filter_by(report_id=report.id, kind="status").count() == 0


@pytest.mark.parametrize(
    ("to", "outcome", "message"),
    [
        ("closed", None, "Choose an outcome"),
        ("closed", "referred-council", "Choose an outcome"),  # a referral is not a way to close
        ("referred", "charged", "Choose an outcome"),
        ("investigating", "charged", "Only closing or referring"),
        ("closed", "no-such-outcome", "Choose an outcome"),
    ],
)
def test_closing_needs_a_matching_outcome_and_nothing_else_takes_one(ward, to, outcome, message):
    report = make_report(ward=ward, status="triaged")
    with pytest.raises(cases.TransitionNotAllowed, match=message):
        cases.transition(report, to, by=None, reason="Because", outcome=outcome)


def test_a_reason_is_required(ward):
    report = make_report(ward=ward, status="received")
    with pytest.raises(cases.TransitionNotAllowed, match="reason"):
        cases.transition(report, "triaged", by=None, reason="   ")


def test_closing_tells_the_victim_the_outcome_in_plain_english_and_reopening_clears_it(ward):
    report = make_report(ward=ward, status="investigating", reporter_email="victim@example.com")
    cases.transition(report, "closed", by=None, reason="CPS advice", outcome="charged")
    assert (report.outcome, states.group(report.status, report.outcome)) == ("charged", states.RESOLVED)
    public = session.query(CaseEvent).filter_by(report_id=report.id, kind="public_update").one()
    assert public.public and public.text == states.OUTCOMES["charged"].explanation
    email = session.query(OutboxMessage).one()
    assert "Someone has been charged" in email.body_text
    assert "CPS advice" not in email.body_text  # the internal reason never reaches the victim
    cases.transition(report, "reopened", by=None, reason="New witness")
    assert report.outcome is None and report.closed_at is None
    assert states.group(report.status) == states.OPEN


def test_a_transition_can_be_kept_from_the_victim(ward):
    report = make_report(ward=ward, status="triaged")
    cases.transition(report, "investigating", by=None, reason="Working on it", public=False)
    assert session.query(CaseEvent).filter_by(report_id=report.id, public=True, kind="public_update").count() == 0
    assert session.query(OutboxMessage).count() == 0


def test_every_outcome_has_an_explanation_and_a_closing_status():
    for outcome in states.OUTCOMES.values():
        assert outcome.status in (states.CLOSED_STATUS, states.REFERRED)
        assert len(outcome.explanation) > 40
    labels = {o.label for o in states.OUTCOMES.values()}
    assert {"Suspect charged", "No further action: evidence insufficient", "Referred to Report Fraud"} <= labels
