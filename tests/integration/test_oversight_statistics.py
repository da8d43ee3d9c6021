"""Statistics checked against a small set of reports whose figures are worked out by hand below."""

from datetime import UTC, date, datetime, timedelta

import pytest

from portal.db import session
from portal.models import CaseEvent
from portal.services.oversight import statistics
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

pytestmark = pytest.mark.usefixtures("app_context")

# Wednesday 25 November 2026, noon (GMT). The 12 weeks run from Monday 7 September (BST) to today.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


def event(report, kind, when, **columns):
    session.add(CaseEvent(report_id=report.id, kind=kind, created_at=when, **columns))
    session.commit()


def triaged(report, when):
    event(report, "status", when, status_before="received", status_after="triaged")


def clock(report, due, closed=False):
    """What the case service keeps on each report: the next update due, and when it was closed."""
    report.next_update_due = due
    if closed:
        report.closed_at = NOW - timedelta(days=20)
    session.commit()


@pytest.fixture
def area():
    westminster, camden = make_borough("Westminster", "E09000033"), make_borough("Camden", "E09000007")
    west_end = make_ward("West End", "E05013808", westminster)
    st_james = make_ward("St James's", "E05013806", westminster)
    holborn = make_ward("Holborn", "E05013660", camden)

    # R1: ASB, West End, Tuesday 24 Nov 09:00, triaged after 2 hours. Next update due 22 Dec: on time.
    r1 = make_report("anti-social-behaviour", ward=west_end, submitted_at=at(2026, 11, 24, 9))
    triaged(r1, at(2026, 11, 24, 11))
    clock(r1, date(2026, 12, 22))
    # R2: fraud, West End, Monday 16 Nov 10:00, triaged after 24 hours; updated on 20 Nov (due 15 Dec, 28 days
    # after triage): on time.
    r2 = make_report("fraud", ward=west_end, submitted_at=at(2026, 11, 16, 10))
    triaged(r2, at(2026, 11, 17, 10))
    event(r2, "public_update", at(2026, 11, 20, 9), public=True)
    clock(r2, date(2026, 12, 18))
    # R3: road traffic, St James's, 00:30 BST on Monday 7 Sept (23:30 UTC the day before): inside the first week.
    # Triaged after 30 minutes (a later re-triage does not count). First update 10 Oct, due 5 Oct: late.
    # Its update interval is the default, 28 days.
    # Next due 7 Nov and none since: overdue now.
    r3 = make_report("road-traffic-incident", ward=st_james, submitted_at=at(2026, 9, 6, 23, 30))
    triaged(r3, at(2026, 9, 7, 0, 0))
    triaged(r3, at(2026, 9, 20, 0, 0))
    event(r3, "public_update", at(2026, 10, 10, 12), public=True)
    clock(r3, date(2026, 11, 7))
    # R4: 23:00 BST on Sunday 6 Sept: before the period, not counted anywhere but the open cases.
    r4 = make_report("anti-social-behaviour", ward=west_end, submitted_at=at(2026, 9, 6, 22), status="closed")
    clock(r4, None, closed=True)
    # R5: Camden, outside a Westminster supervisor's scope.
    make_report("anti-social-behaviour", ward=holborn, submitted_at=at(2026, 11, 20, 10))
    # R6: ASB, West End, Monday 2 Nov, closed, never triaged: its update on 3 Nov (due 30 Nov, from submission)
    # was on time.
    r6 = make_report("anti-social-behaviour", ward=west_end, submitted_at=at(2026, 11, 2, 15), status="closed")
    event(r6, "public_update", at(2026, 11, 3, 9), public=True)
    clock(r6, date(2026, 12, 1), closed=True)
    return {"westminster": westminster, "west_end": west_end}


def weeks(figures):
    return {monday: n for monday, n in figures.by_week if n}


def test_a_supervisor_sees_their_boroughs_figures(area):
    figures = statistics.for_viewer(make_staff("supervisor", boroughs=[area["westminster"]]), now=NOW)
    assert (figures.start, figures.end) == (date(2026, 9, 7), date(2026, 11, 25))
    assert figures.by_type == [("Anti-social behaviour", 2), ("Fraud", 1), ("Road traffic incident", 1)]
    assert figures.by_ward == [("West End, Westminster", 3), ("St James's, Westminster", 1)]
    assert len(figures.by_week) == 12 and figures.by_week[0][0] == date(2026, 9, 7)
    assert weeks(figures) == {date(2026, 9, 7): 1, date(2026, 11, 2): 1, date(2026, 11, 16): 1, date(2026, 11, 23): 1}
    assert figures.total == 4 and figures.triaged == 3
    assert figures.median_to_triage == timedelta(hours=2)  # of 30 minutes, 2 hours and 24 hours
    assert (figures.updates_on_time, figures.updates_late) == (2, 1)
    assert (figures.open_on_time, figures.open_overdue) == (2, 1)


def test_an_officer_sees_only_their_ward(area):
    figures = statistics.for_viewer(make_staff("officer", wards=[area["west_end"]]), now=NOW)
    assert figures.by_ward == [("West End, Westminster", 3)]
    assert figures.total == 3 and figures.triaged == 2
    assert figures.median_to_triage == timedelta(hours=13)  # the middle of 2 and 24 hours
    assert (figures.open_on_time, figures.open_overdue) == (2, 0)


def test_an_administrator_sees_every_borough(area):
    figures = statistics.for_viewer(make_staff("admin"), now=NOW)
    assert figures.total == 5 and ("Holborn, Camden", 1) in figures.by_ward


def test_the_page_shows_the_tables(client, area):
    login_as(client, make_staff("supervisor", boroughs=[area["westminster"]]))
    shown = page(client, "/staff/statistics", title="Statistics")
    captions = shown.texts("caption")
    assert captions == [
        "Reports by type",
        "Hate crime (perceived)",
        "Reports by ward",
        "Reports by week",
        "Updates to victims",
    ]
    assert len(shown.select("table")[3].select("tbody tr")) == 12


def test_staff_without_reports_view_are_refused(client, area):
    officer = make_staff("officer", wards=[area["west_end"]])
    officer.role.permissions = [p for p in officer.role.permissions if p.permission != "reports.view"]
    session.commit()
    login_as(client, officer)
    assert client.get("/staff/statistics").status_code == 403
