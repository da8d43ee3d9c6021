"""The staff report page and its actions, through the Flask client with CSRF on."""

from __future__ import annotations

import pytest

from portal.db import session
from portal.models import AuditEvent, CaseEvent, OutboxMessage, Report
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import check_page, page

TRIAGE = {
    "triage-threat": "low",
    "triage-harm": "medium",
    "triage-risk": "low",
    "triage-investigation": "some",
    "triage-vulnerability": "none",
    "triage-engagement": "engaged",
    "triage-grading": "standard",
    "triage-enhanced_rights": "no",
    "triage-reason": "Ongoing nuisance, no immediate risk.",
}


@pytest.fixture
def setup(app, client):
    with app.app_context():
        borough = make_borough("Westminster", "E09000033")
        ward = make_ward("West End", "E05013808", borough)
        other = make_ward("Soho", "E05013809", borough)
        officer = make_staff("officer", wards=[ward], name="PC Amy Jones")
        report = make_report(ward=ward, place_description="=HYPERLINK(1)")
        far = make_report(ward=other)
        login_as(client, officer)
        return {"officer": officer.id, "report": report.id, "far": far.id, "ward": ward.id}


def post(client, url, data, status=200):
    token = page(client, url.rsplit("/", 1)[0]).csrf_token()
    return check_page(client.post(url, data={"csrf_token": token, **data}, follow_redirects=True), status=status)


def test_report_page_shows_answers_and_timeline_and_is_audited(app, client, setup):
    result = page(client, f"/staff/reports/{setup['report']}", title="Report")
    assert "Timeline" in result.text
    assert "Report received" in result.text
    with app.app_context():
        actions = [e.action for e in session.query(AuditEvent).all()]
    assert "report.viewed" in actions


def test_triage_then_update_then_close(app, client, setup):
    url = f"/staff/reports/{setup['report']}"
    result = post(client, f"{url}/triage", TRIAGE)
    assert "Graded Standard" in result.text
    result = post(client, f"{url}/take", {})
    assert "The case is now yours" in result.text
    result = post(client, f"{url}/updates", {"update-text": "We have spoken to the neighbours."})
    assert "Update sent" in result.text
    result = post(client, f"{url}/notes", {"note-text": "Suspect known to us: secret"})
    result = post(
        client,
        f"{url}/close",
        {"close-outcome": "words-of-advice", "close-reason": "Spoke to them", "close-public": "yes"},
    )
    assert "Status changed to Closed: Resolved by words of advice" in result.text
    with app.app_context():
        report = session.get(Report, setup["report"])
        assert report.status == "closed" and report.outcome == "words-of-advice"
        bodies = " ".join(m.body_text for m in session.query(OutboxMessage).all())
        assert "secret" not in bodies
        assert "We have spoken to the neighbours." in bodies
        public = [e.text for e in session.query(CaseEvent).filter_by(report_id=report.id, public=True)]
        assert not any("secret" in (t or "") for t in public)


def test_out_of_scope_report_is_404(client, setup):
    page(client, f"/staff/reports/{setup['far']}", status=404)


def test_queue_lists_in_scope_reports_only(client, setup):
    result = page(client, "/staff/queue", title="Reports to triage")
    links = result.select("table a")
    assert len(links) == 1


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("triage", {"triage-reason": ""}, "Select the threat"),
        ("triage", {**TRIAGE, "triage-reason": ""}, "Enter the reason for this grading"),
        ("triage", {**TRIAGE, "triage-grading": "whatever"}, "Select a grading for the response"),
        ("status", {"status-reason": "x", "status-public": "no"}, "Select the new status"),
        ("status", {"status-to": "closed", "status-reason": "x", "status-public": "no"}, "Select a status this case"),
        ("update-interval", {"interval-days": "often"}, "Enter the number of days as a whole number"),
        ("updates", {"update-text": "  "}, "Enter the update for the victim"),
        ("notes", {"note-text": ""}, "Enter the note"),
        ("update-interval", {"interval-days": "400"}, "between 1 and 90"),
    ],
)
def test_bad_input_shows_an_error_summary_not_a_500(client, setup, action, data, message):
    result = post(client, f"/staff/reports/{setup['report']}/{action}", data)
    assert result.title.startswith("Error: Report")
    assert any(message in error for error in result.error_messages()), result.error_messages()


def test_closing_without_an_outcome_is_refused_on_the_page(app, client, setup):
    with app.app_context():
        report = session.get(Report, setup["report"])
        report.status = "investigating"
        session.commit()
    result = post(
        client,
        f"/staff/reports/{setup['report']}/close",
        {"close-reason": "Done", "close-public": "yes"},
    )
    assert "Select the outcome" in result.error_messages()
    with app.app_context():
        assert session.get(Report, setup["report"]).status == "investigating"


def test_a_response_template_fills_the_update_box(client, setup):
    result = page(client, f"/staff/reports/{setup['report']}?template=cctv-requested")
    assert "We have asked for CCTV footage" in result.select_one("#update-text").get_text()


def test_every_action_is_audited(app, client, setup):
    url = f"/staff/reports/{setup['report']}"
    post(client, f"{url}/triage", TRIAGE)
    post(client, f"{url}/take", {})
    post(client, f"{url}/updates", {"update-text": "Update"})
    post(client, f"{url}/notes", {"note-text": "Note"})
    post(client, f"{url}/update-interval", {"interval-days": "14"})
    post(client, f"{url}/status", {"status-to": "investigating", "status-reason": "Go", "status-public": "no"})
    with app.app_context():
        actions = {e.action for e in session.query(AuditEvent).filter_by(target_type="report")}
        borough = {e.borough_id for e in session.query(AuditEvent).filter_by(target_type="report")}
    assert {
        "report.viewed",
        "report.triaged",
        "report.assigned",
        "report.public_update",
        "report.internal_note",
        "report.update_interval",
        "report.status_changed",
    } <= actions
    assert None not in borough  # filed under the report's borough for its supervisors


def test_a_supervisor_assigns_an_officer_and_the_page_names_them(app, client, setup):
    with app.app_context():
        report = session.get(Report, setup["report"])
        supervisor = make_staff("supervisor", boroughs=[report.ward.borough])
        report.status = "triaged"
        session.commit()
    login_as_id(app, client, supervisor.id)
    result = post(client, f"/staff/reports/{setup['report']}/assign", {"assign-officer": str(setup["officer"])})
    assert "Assigned to PC Amy Jones" in result.text
    result = post(client, f"/staff/reports/{setup['report']}/assign", {"assign-officer": "999999"})
    assert result.error_messages() == ["Select an officer who covers this ward"]


def login_as_id(app, client, staff_id):
    from portal.models import StaffUser

    with app.app_context():
        login_as(client, session.get(StaffUser, staff_id))
