"""Reports with no known ward: only staff holding reports.allocate see them (supervisors and administrators by
default), in their queue under "Not yet allocated to a ward", and allocate each to a ward in their own scope; the
ward's officers see it from then on. Every allocation is a case event and an audit record."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent, CaseEvent, Report, Role, StaffUser, Ward
from portal.services.cases import allocation
from portal.services.staff import roles
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import check_page, page


@pytest.fixture
def world(app):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        west_end = make_ward("West End", "E05013808", westminster)
        soho = make_ward("Soho", "E05013809", westminster)
        holborn = make_ward("Holborn", "E05013810", make_borough("Camden", "E09000007"))
        return {
            "west_end": west_end.id,
            "soho": soho.id,
            "holborn": holborn.id,
            "report": make_report(ward=None, report_type="fraud").id,
            "officer": make_staff("officer", wards=[west_end], name="PC West").id,
            "supervisor": make_staff("supervisor", boroughs=[westminster], name="Sgt Westminster").id,
            "camden_supervisor": make_staff("supervisor", boroughs=[holborn.borough]).id,
            "counter": make_staff("front_counter", boroughs=[westminster]).id,
            "admin": make_staff("admin").id,
        }


def signed_in(app, who: int):
    client = app.test_client()
    with app.app_context():
        login_as(client, session.get(StaffUser, who))
    return client


def allocate(client, report_id: int, ward_id: int | str, status: int = 302):
    token = page(client, f"/staff/reports/{report_id}").csrf_token()
    data = {"csrf_token": token, "allocate-ward": str(ward_id), "allocate-reason": "The place is on Greek Street"}
    response = client.post(f"/staff/reports/{report_id}/allocate", data=data)
    assert response.status_code == status
    return response


def test_the_default_roles_hold_the_permission_as_data(app_context):
    roles.sync_roles()
    holders = {role.code for role in session.scalars(select(Role)) if "reports.allocate" in role.permission_codes}
    assert holders == {"supervisor", "admin"}


@pytest.mark.parametrize("who", ["officer", "counter"])
def test_staff_without_the_permission_cannot_see_or_allocate_a_report_with_no_ward(app, world, who):
    client = signed_in(app, world[who])
    page(client, f"/staff/reports/{world['report']}", status=404)
    queue = page(client, "/staff/queue?status=all")
    assert not queue.select("table a") and not queue.select("#not-allocated")
    assert "Not yet allocated" not in queue.select_one("#filter-ward").get_text()
    token = queue.csrf_token()
    response = client.post(
        f"/staff/reports/{world['report']}/allocate", data={"csrf_token": token, "allocate-ward": world["west_end"]}
    )
    assert response.status_code in (403, 404)
    with app.app_context():
        assert session.get(Report, world["report"]).ward_id is None


def test_a_supervisor_finds_it_in_the_queue_with_its_count(app, world):
    client = signed_in(app, world["supervisor"])
    queue = page(client, "/staff/queue")
    assert "1 report is not yet allocated to a ward" in queue.select_one("#not-allocated").get_text(" ", strip=True)
    option = queue.select_one("#filter-ward option[value=none]")
    assert option.get_text(strip=True) == "Not yet allocated to a ward (1)"
    only = page(client, "/staff/queue?ward=none")
    assert [a["href"] for a in only.select("table a")] == [f"/staff/reports/{world['report']}"]


def test_allocating_gives_the_ward_its_officers_an_event_and_an_audit_record(app, world):
    officer = signed_in(app, world["officer"])
    page(officer, f"/staff/reports/{world['report']}", status=404)

    supervisor = signed_in(app, world["supervisor"])
    report_page = page(supervisor, f"/staff/reports/{world['report']}")
    choices = [o.get_text(strip=True) for o in report_page.select("#allocate-ward option")]
    assert choices == ["Choose a ward", "Soho, Westminster", "West End, Westminster"]  # their borough only
    allocate(supervisor, world["report"], world["west_end"])
    after = page(supervisor, f"/staff/reports/{world['report']}")
    assert not after.select("#allocate")  # done: the form goes
    assert "Allocated to West End (Westminster). The place is on Greek Street" in after.text

    page(officer, f"/staff/reports/{world['report']}")
    assert [a["href"] for a in page(officer, "/staff/queue").select("table a")] == [f"/staff/reports/{world['report']}"]
    assert not page(supervisor, "/staff/queue").select("#not-allocated")
    with app.app_context():
        assert session.get(Report, world["report"]).ward_id == world["west_end"]
        event = session.scalars(select(CaseEvent).where(CaseEvent.kind == "allocated")).one()
        assert (event.actor_id, event.public) == (world["supervisor"], False)
        record = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.allocated")).one()
        assert (record.actor_id, record.target_id, record.detail) == (
            world["supervisor"],
            str(world["report"]),
            "ward=E05013808",
        )


def test_a_supervisor_cannot_allocate_outside_their_borough_but_an_administrator_can(app, world):
    supervisor = signed_in(app, world["supervisor"])
    refused = allocate(supervisor, world["report"], world["holborn"], status=200)
    assert "Select a ward you cover" in check_page(refused).error_messages()
    with app.app_context():
        assert session.get(Report, world["report"]).ward_id is None
        assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "report.allocated")).all()
    allocate(signed_in(app, world["admin"]), world["report"], world["holborn"])
    with app.app_context():
        assert session.get(Report, world["report"]).ward_id == world["holborn"]
    # Camden's supervisor now sees it; Westminster's no longer does.
    page(signed_in(app, world["camden_supervisor"]), f"/staff/reports/{world['report']}")
    page(supervisor, f"/staff/reports/{world['report']}", status=404)


def test_a_report_already_in_a_ward_is_not_allocated_again(app, world):
    with app.app_context():
        report = session.get(Report, world["report"])
        supervisor = session.get(StaffUser, world["supervisor"])
        ward = session.get(Ward, world["soho"])
        allocation.allocate(report, ward.id, supervisor)
        with pytest.raises(allocation.AllocationRefused):
            allocation.allocate(report, ward.id, supervisor)
        assert len(session.scalars(select(CaseEvent).where(CaseEvent.kind == "allocated")).all()) == 1
