"""Scope on every case page and action (security check 9): a report outside the viewer's wards or borough answers
404, whether it is looked at or acted on, and nothing changes."""

from __future__ import annotations

import pytest

from portal.db import session
from portal.models import CaseEvent, Report
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

ACTIONS = {
    "triage": {"triage-threat": "low", "triage-grading": "standard", "triage-reason": "x"},
    "status": {"status-to": "triaged", "status-reason": "x", "status-public": "no"},
    "close": {"close-outcome": "charged", "close-reason": "x", "close-public": "no"},
    "assign": {"assign-officer": "1"},
    "take": {},
    "updates": {"update-text": "Hello"},
    "notes": {"note-text": "Note"},
    "update-interval": {"interval-days": "14"},
    "seen": {},
}


@pytest.fixture
def world(app):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        camden = make_borough("Camden", "E09000007")
        west_end = make_ward("West End", "E05013808", westminster)
        soho = make_ward("Soho", "E05013809", westminster)
        holborn = make_ward("Holborn", "E05013810", camden)
        ids = {
            "west_end_report": make_report(ward=west_end).id,
            "soho_report": make_report(ward=soho).id,
            "camden_report": make_report(ward=holborn).id,
            "no_ward_report": make_report(ward=None).id,
        }
        ids["officer"] = make_staff("officer", wards=[west_end]).id
        ids["supervisor"] = make_staff("supervisor", boroughs=[westminster]).id
        ids["counter"] = make_staff("front_counter", boroughs=[westminster]).id
        ids["admin"] = make_staff("admin").id
        return ids


def sign_in_as(app, client, staff_id):
    from portal.models import StaffUser

    with app.app_context():
        login_as(client, session.get(StaffUser, staff_id))


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        ("officer", ["west_end_report"], ["soho_report", "camden_report", "no_ward_report"]),
        # Supervisors see reports with no known ward, to allocate them (reports.allocate); front counter staff do not.
        ("supervisor", ["west_end_report", "soho_report", "no_ward_report"], ["camden_report"]),
        ("counter", ["west_end_report", "soho_report"], ["camden_report", "no_ward_report"]),
        ("admin", ["west_end_report", "soho_report", "camden_report", "no_ward_report"], []),
    ],
)
def test_report_pages_answer_404_outside_scope(app, client, world, who, visible, hidden):
    sign_in_as(app, client, world[who])
    for name in visible:
        page(client, f"/staff/reports/{world[name]}")
    for name in hidden:
        page(client, f"/staff/reports/{world[name]}", status=404)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_on_an_out_of_scope_report_is_404_and_changes_nothing(app, client, world, action):
    sign_in_as(app, client, world["supervisor"] if action == "assign" else world["officer"])
    token = page(client, "/staff/queue").csrf_token()
    target = world["camden_report"]
    response = client.post(f"/staff/reports/{target}/{action}", data={"csrf_token": token, **ACTIONS[action]})
    assert response.status_code == 404
    with app.app_context():
        assert session.get(Report, target).status == "received"
        assert session.query(CaseEvent).filter(CaseEvent.report_id == target, CaseEvent.kind != "received").count() == 0


def test_the_queue_lists_only_reports_in_scope(app, client, world):
    sign_in_as(app, client, world["officer"])
    result = page(client, "/staff/queue?status=all")
    links = [a["href"] for a in result.select("table a")]
    assert links == [f"/staff/reports/{world['west_end_report']}"]


def test_a_report_assigned_to_an_officer_is_theirs_to_see_even_outside_their_wards(app, client, world):
    with app.app_context():
        report = session.get(Report, world["soho_report"])
        report.assigned_to_id = world["officer"]
        session.commit()
    sign_in_as(app, client, world["officer"])
    page(client, f"/staff/reports/{world['soho_report']}")


def test_front_counter_cannot_export_or_triage(app, client, world):
    sign_in_as(app, client, world["counter"])
    assert client.get("/staff/queue/export").status_code == 403
    token = page(client, "/staff/queue").csrf_token()
    response = client.post(f"/staff/reports/{world['west_end_report']}/triage", data={"csrf_token": token})
    assert response.status_code == 403
    # ...but can update a visitor's case.
    response = client.post(
        f"/staff/reports/{world['west_end_report']}/notes", data={"csrf_token": token, "note-text": "Came in"}
    )
    assert response.status_code == 302


def test_an_officer_cannot_assign_to_someone_else(app, client, world):
    sign_in_as(app, client, world["officer"])
    token = page(client, "/staff/queue").csrf_token()
    response = client.post(
        f"/staff/reports/{world['west_end_report']}/assign", data={"csrf_token": token, "assign-officer": "1"}
    )
    assert response.status_code == 403
