"""A restricted report (Data Protection Act 2018 s.47) vanishes from every staff view but information rights: the
queue and its counts, its filters, the CSV export, statistics, updates due, possible duplicates and links, finding a
case by reference, the report's own page and its files. Lifting the restriction brings it back; the queue's kept
counts are exact throughout."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, ReportLink, report_count
from portal.services.cases import counts as queue_counts
from portal.services.cases import lookup, queue, updates_due
from portal.services.oversight import duplicates, identifiers, links, statistics
from portal.services.reporting import references
from portal.services.retention import erasure
from tests.factories.reports import make_report
from tests.factories.retention import make_evidence
from tests.factories.staff import login_as, make_staff, press
from tests.factories.wards import make_borough, make_ward
from tests.pages import page, submit
from tests.support.evidence_journey import store_fixture  # noqa: F401  (fixture)

VEHICLE = {"vehicles": {"items": [{"registration": "AB12 CDE", "whose": "other"}], "complete": True}}


def reported(ward, officer, **columns):
    """A road traffic report in `ward`, given to `officer`, its update overdue, sharing a vehicle with the other."""
    report = make_report(
        "road-traffic-incident",
        status="assigned",
        ward=ward,
        assigned_to_id=officer.id,
        next_update_due=clock.london_date(clock.now()) - timedelta(days=3),
        **columns,
    )
    report.answers = {"type": report.report_type, "answers": VEHICLE, "sections": []}
    identifiers.index_report(report)
    session.add(CaseEvent(report_id=report.id, kind="public_update", public=True, text="Update", actor_id=officer.id))
    session.commit()
    return report


@pytest.fixture
def world(app, store):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        west_end = make_ward("West End", "E05013808", westminster)
        officer = make_staff("officer", wards=[west_end])
        staff = {
            "officer": officer,
            "supervisor": make_staff("supervisor", boroughs=[westminster]),
            "admin": make_staff("admin"),
            "rights": make_staff("information_rights"),
        }
        shown = reported(west_end, officer, reporter_email="shown@example.com")
        hidden = reported(west_end, officer, reporter_email="hidden@example.com")
        session.add(ReportLink(report_id=min(shown.id, hidden.id), linked_report_id=max(shown.id, hidden.id)))
        session.commit()
        file = make_evidence(report=hidden)
        erasure.restrict(hidden, staff["supervisor"], "The reporter says the account is inaccurate")
        ids = {name: member.id for name, member in staff.items()}
        ids.update(shown=shown.id, hidden=hidden.id, file=file.id)
        refs = {"shown": shown.reference, "hidden": hidden.reference}
    return ids, refs


def staff_views(viewer, shown_id, hidden_ref):
    """What each staff view says of the two reports, as services return it."""
    from portal.models import Report, StaffUser

    viewer = session.get(StaffUser, viewer)
    shown = session.get(Report, shown_id)
    now = clock.now()
    everything = queue.Filters(status="all")
    listed = [r.reference for r in queue.page(viewer, everything, now).reports]
    typed = [
        r.reference
        for r in queue.page(viewer, queue.Filters(status="all", report_type="road-traffic-incident"), now).reports
    ]
    counts = queue_counts.for_queue(viewer, everything, now)
    due = updates_due.updates_due(viewer, now)
    return {
        "queue": listed,
        "filtered": typed,
        "all": counts["status"]["all"],
        "assigned": counts["status"]["assigned"],
        "mine": counts["assigned"]["me"],
        "overdue": counts["overdue"]["yes"],
        "by_type": counts["type"]["road-traffic-incident"],
        "statistics": statistics.for_viewer(viewer, now).total,
        "updates_due": due.total_overdue,
        "suggested": [m.report.reference for m in duplicates.candidates(shown, viewer)],
        "linked": [r.reference for r in links.linked_reports(shown, viewer)],
        "found": lookup.find_in_scope(viewer, hidden_ref),
    }


@pytest.mark.parametrize("role", ["officer", "supervisor", "admin", "rights"])
def test_a_restricted_report_is_in_no_staff_view(app, world, role):
    ids, refs = world
    with app.app_context():
        seen = staff_views(ids[role], ids["shown"], refs["hidden"])
        assert seen == {
            "queue": [refs["shown"]],
            "filtered": [refs["shown"]],
            "all": 1,
            "assigned": 1,
            # The restricted report is the officer's and overdue too: counted nowhere.
            "mine": 1 if role == "officer" else 0,
            "overdue": 1,
            "by_type": 1,
            "statistics": 1,
            "updates_due": 1,
            "suggested": [],
            # Information rights open a restricted report from their own list, so they see its links too.
            "linked": [refs["hidden"]] if role == "rights" else [],
            "found": None,
        }
        assert report_count.differences(session.connection()) == {}


@pytest.mark.parametrize("role", ["officer", "supervisor", "admin"])
def test_its_page_its_files_and_the_export_answer_as_if_it_did_not_exist(app, client, world, role):
    ids, refs = world
    with app.app_context():
        from portal.models import StaffUser

        login_as(client, session.get(StaffUser, ids[role]))
    page(client, f"/staff/reports/{ids['hidden']}", status=404)
    page(client, f"/staff/reports/{ids['hidden']}/evidence/{ids['file']}/download", status=404)
    queue_page = page(client, "/staff/queue?status=all")
    assert references.display(refs["shown"]) in queue_page.text
    assert references.display(refs["hidden"]) not in queue_page.text
    exported = client.get("/staff/queue/export?status=all").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported)))
    assert [row[0] for row in rows[1:]] == [references.display(refs["shown"])]
    found = submit(client, "/staff/find-a-case", {"reference": refs["hidden"]})
    assert "No case with that reference was found" in found.text


def test_information_rights_alone_open_it_and_can_lift_the_restriction(app, client, world):
    ids, refs = world
    with app.app_context():
        from portal.models import StaffUser

        login_as(client, session.get(StaffUser, ids["rights"]))
    listed = page(client, "/staff/information-rights/restricted-reports", title="Restricted reports")
    assert references.display(refs["hidden"]) in listed.text
    report_page = page(client, f"/staff/reports/{ids['hidden']}")
    assert "Processing of this report is restricted" in report_page.text
    download = client.get(f"/staff/reports/{ids['hidden']}/evidence/{ids['file']}/download")
    assert download.status_code == 200 and download.get_data().startswith(b"evidence file ")
    download.close()

    report_url = f"/staff/reports/{ids['hidden']}"
    refused = press(client, report_url, f"{report_url}/restrict/lift", {"unrestrict-reason": " "})
    assert refused.error_messages() == ["Enter why the restriction can be lifted"]
    done = press(client, report_url, f"{report_url}/restrict/lift", {"unrestrict-reason": "Checked: it is accurate"})
    assert "Restriction lifted" in done.text
    with app.app_context():
        seen = staff_views(ids["officer"], ids["shown"], refs["hidden"])
        assert sorted(seen["queue"]) == sorted(refs.values()) and seen["all"] == 2 and seen["overdue"] == 2
        assert seen["found"] is not None and seen["suggested"] == [] and len(seen["linked"]) == 1
        assert report_count.differences(session.connection()) == {}
