"""Records management on the staff report page, as staff use it (CSRF on): a supervisor places and lifts a legal hold
with a reason, erases a report made in error (its files leave the store), restricts one; an officer marks a file as
copied into the force's evidence system. Every step is a case event and an audit record; bad input is shown with
the GOV.UK error summary; staff without the permission, or without the report in scope, are refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import AuditEvent, CaseEvent, Evidence, LegalHold, OutboxMessage, Report, StaffUser, report_count
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.factories.retention import make_evidence, make_outbox
from tests.factories.staff import login_as, make_staff, press
from tests.factories.wards import make_borough, make_ward
from tests.pages import page
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)


@pytest.fixture
def case(app, store):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        west_end = make_ward("West End", "E05013808", westminster)
        report = make_report(
            "fraud",
            status="closed",
            outcome="information-recorded",
            ward=west_end,
            closed_at=clock.now() - timedelta(days=10),
        )
        file = make_evidence(report=report)
        reference = references.display(report.reference)
        make_outbox(clock.now(), subject=f"Your report {reference} has been received", report=None)
        make_outbox(clock.now(), subject="Continue your report")
        return {
            "report": report.id,
            "reference": report.reference,
            "file": file.id,
            "key": file.storage_key,
            "supervisor": make_staff("supervisor", boroughs=[westminster]).id,
            "officer": make_staff("officer", wards=[west_end]).id,
            "elsewhere": make_staff("supervisor", boroughs=[make_borough()]).id,
        }


def as_staff(app, client, staff_id):
    with app.app_context():
        login_as(client, session.get(StaffUser, staff_id))


def actions(app, report_id):
    """The audit log's record of what was done to the report (its page views left out)."""
    with app.app_context():
        found = session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == str(report_id)).order_by(AuditEvent.id)
        )
        return [action for action in found if action != "report.viewed"]


def test_the_page_says_which_rule_applies_and_when(app, client, case):
    as_staff(app, client, case["supervisor"])
    result = page(client, f"/staff/reports/{case['report']}")
    section = " ".join(result.select_one("section.dps-report-records").get_text(" ").split())
    assert "Reports recorded as information only, not as a crime: 6 years." in section
    with app.app_context():
        closed = clock.aware(session.get(Report, case["report"]).closed_at)
    due = closed.replace(year=closed.year + 6).astimezone(clock.LONDON)
    assert f"Due {due.day} {due:%B %Y} (anonymise)" in section


def test_a_supervisor_places_and_lifts_a_legal_hold_with_a_reason(app, client, case):
    as_staff(app, client, case["supervisor"])
    url = f"/staff/reports/{case['report']}"
    refused = press(client, url, f"{url}/legal-hold", {"hold-reason": "  "})
    assert refused.title.startswith("Error: Place a legal hold")
    assert refused.error_messages() == ["Enter the reason for the legal hold"]

    held = press(client, url, f"{url}/legal-hold", {"hold-reason": "Civil claim against the driver"})
    assert "Legal hold placed" in held.text and "On hold since" in held.text
    assert "Civil claim against the driver" in held.text

    cannot_erase = press(client, url, f"{url}/erase", {"erase-reason": "Made in error", "erase-confirm": "y"})
    assert cannot_erase.error_messages() == ["This report is on legal hold: lift the hold before erasing it"]

    lifted = press(client, url, f"{url}/legal-hold/lift", {"lift-hold-reason": "Claim settled"})
    assert "the retention period starts again today" in lifted.text
    with app.app_context():
        report = session.get(Report, case["report"])
        hold = session.scalar(select(LegalHold).where(LegalHold.report_id == report.id))
        assert hold.lifted_at is not None and hold.lift_reason == "Claim settled"
        assert clock.aware(report.retention_restarted_at) == clock.aware(hold.lifted_at)
        kinds = session.scalars(select(CaseEvent.kind).where(CaseEvent.report_id == report.id)).all()
        assert "legal_hold" in kinds and "hold_lifted" in kinds
    assert actions(app, case["report"]) == ["report.legal_hold_placed", "report.legal_hold_lifted"]


def test_erasing_a_report_removes_it_its_history_and_its_files(app, client, case, store):
    as_staff(app, client, case["supervisor"])
    url = f"/staff/reports/{case['report']}"
    unconfirmed = press(client, url, f"{url}/erase", {"erase-reason": "Made maliciously about a neighbour"})
    assert unconfirmed.error_messages() == ["Confirm that the report should be erased"]

    done = press(
        client, url, f"{url}/erase", {"erase-reason": "Made maliciously about a neighbour", "erase-confirm": "y"}
    )
    assert done.response.request.path == "/staff/queue"
    assert f"Report {references.display(case['reference'])} erased" in done.text
    assert not (store / case["key"][:2] / case["key"]).exists()
    with app.app_context():
        assert session.get(Report, case["report"]) is None
        assert session.get(Evidence, case["file"]) is None
        assert session.scalar(select(CaseEvent.id).where(CaseEvent.report_id == case["report"])) is None
        assert session.scalars(select(OutboxMessage.subject)).all() == ["Continue your report"]
        erased = session.scalar(select(AuditEvent).where(AuditEvent.action == "report.erased"))
        assert erased.target_id == str(case["report"])
        assert erased.detail == (
            f"reference {references.display(case['reference'])}; 1 files; 1 emails; "
            "reason: Made maliciously about a neighbour"
        )
        assert report_count.differences(session.connection()) == {}
    page(client, url, status=404)


def test_a_supervisor_restricts_a_report_and_no_longer_sees_it(app, client, case):
    as_staff(app, client, case["supervisor"])
    url = f"/staff/reports/{case['report']}"
    done = press(client, url, f"{url}/restrict", {"restrict-reason": "The person says the account is wrong"})
    assert "restricted: only information rights staff see it" in done.text
    page(client, url, status=404)
    with app.app_context():
        assert session.get(Report, case["report"]).restricted is True
        assert report_count.differences(session.connection()) == {}
    assert actions(app, case["report"]) == ["report.restricted"]


def test_an_officer_marks_a_file_as_copied_to_the_evidence_system(app, client, case):
    as_staff(app, client, case["officer"])
    url = f"/staff/reports/{case['report']}"
    report_page = page(client, url)
    assert "Place legal hold" not in report_page.text and "Erase report" not in report_page.text
    done = press(client, url, f"{url}/evidence/{case['file']}/exported")
    assert "marked as copied into the force's evidence system" in done.text
    section = " ".join(done.select_one("section.dps-report-records").get_text(" ").split())
    assert re.search(r"photo-\d+\.jpg: copied \d", section) and "not copied yet" not in section
    again = press(client, url, f"{url}/evidence/{case['file']}/exported")
    assert "already marked as copied" in again.text
    with app.app_context():
        assert session.get(Evidence, case["file"]).exported_at is not None
    assert actions(app, case["report"]) == ["evidence.marked_exported"]


def test_staff_without_the_permission_or_the_report_are_refused(app, client, case):
    url = f"/staff/reports/{case['report']}"
    as_staff(app, client, case["officer"])
    token = page(client, url).csrf_token()
    for action in ("legal-hold", "erase", "restrict"):
        assert client.post(f"{url}/{action}", data={"csrf_token": token}).status_code == 403
    as_staff(app, client, case["elsewhere"])
    token = page(client, "/staff/queue").csrf_token()
    assert client.post(f"{url}/legal-hold", data={"csrf_token": token, "hold-reason": "x"}).status_code == 404
    assert (
        client.post(f"{url}/erase", data={"csrf_token": token, "erase-reason": "x", "erase-confirm": "y"}).status_code
        == 404
    )
    with app.app_context():
        assert session.get(Report, case["report"]) is not None
