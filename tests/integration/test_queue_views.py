"""The queue's orders (most urgent, newest, update due soonest), each continued page after page from the last row
seen, and the saved views: links that set the filters for a shift's usual ways in."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.db import session
from portal.models import StaffUser
from portal.services.cases import queue, sorting
from portal.services.cases.triage import urgency
from portal.services.reporting import references
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


@pytest.fixture
def world(app_context):
    westminster = make_borough("Westminster", "E09000033")
    west_end, soho = make_ward("West End", "E05013808", westminster), make_ward("Soho", "E05013809", westminster)
    officer = make_staff("officer", wards=[west_end])
    made = {}
    for ward in (west_end, soho):
        for name, status, grading, hours, due in [
            ("new", "received", None, 1, None),
            ("old", "received", None, 30, None),
            ("same-time-a", "received", None, 5, None),
            ("same-time-b", "received", None, 5, None),
            ("due-soon", "triaged", "standard", 50, date(2026, 11, 28)),
            ("overdue", "assigned", "scheduled", 90, date(2026, 11, 20)),
            ("due-later", "investigating", "immediate", 10, date(2026, 12, 20)),
            ("same-due", "triaged", "priority", 70, date(2026, 11, 28)),
            ("closed", "closed", "standard", 200, None),
        ]:
            made[(ward.name, name)] = make_report(
                ward=ward,
                status=status,
                grading=grading,
                urgency=urgency(grading, False),
                submitted_at=at(hours),
                next_update_due=due,
                outcome="charged" if status == "closed" else None,
            ).id
    return {
        "officer": officer,
        "admin": make_staff("admin"),
        "supervisor": make_staff("supervisor", boroughs=[westminster]),
        "made": made,
    }


def every_row(viewer, filters, size=2):
    shown, after = [], None
    while True:
        result = queue.page(viewer, filters, NOW, after=after, size=size)
        shown += [r.id for r in result.reports]
        after = result.next_cursor
        if after is None:
            return shown


def names(world, ids, ward="West End"):
    by_id = {report_id: name for (ward_name, name), report_id in world["made"].items() if ward_name == ward}
    return [by_id.get(report_id, "elsewhere") for report_id in ids]


def test_newest_first_continues_page_after_page(world):
    shown = every_row(world["officer"], queue.Filters(status="open", sort=sorting.RECEIVED))
    assert names(world, shown) == [
        "new",
        "same-time-b",
        "same-time-a",  # the same moment: the later report first
        "due-later",
        "old",
        "due-soon",
        "same-due",
        "overdue",
    ]


def test_update_due_soonest_then_those_without_a_date_most_urgent_first(world):
    shown = every_row(world["officer"], queue.Filters(status="all", sort=sorting.DUE))
    assert names(world, shown) == [
        "overdue",
        "same-due",  # due the same day as due-soon: the more urgent grading first
        "due-soon",
        "due-later",
        "old",  # no date: awaiting triage, the longest waiting first
        "same-time-a",
        "same-time-b",
        "new",
        "closed",
    ]


@pytest.mark.parametrize("code", list(sorting.SORTS))
@pytest.mark.parametrize("who", ["officer", "supervisor", "admin"])
def test_every_order_is_the_same_one_page_at_a_time_as_all_at_once(world, who, code):
    """The keyset pages, read per ward and per status and merged, agree with one query ordering everything (the
    export's), for every viewer: whichever indexes a page is read from, the order is the same."""
    viewer = world[who]
    for status in ("all", "open", "received"):
        filters = queue.Filters(status=status, sort=code)
        everything = [r.id for r in session.scalars(queue.filtered(viewer, filters, NOW))]
        assert every_row(viewer, filters, size=3) == everything, status
        assert everything, status


@pytest.mark.parametrize("code", list(sorting.SORTS))
def test_a_cursor_that_does_not_fit_the_order_starts_from_the_top(world, code):
    officer = world["officer"]
    filters = queue.Filters(status="all", sort=code)
    top = [r.id for r in queue.page(officer, filters, NOW, size=3).reports]
    for broken in ("", "x", "9_1_2", "0_nonsense_2026-01-01T00:00:00_1", "1_2_3_4_5_6_7", "0_٣_2026-01-01_1"):
        assert [r.id for r in queue.page(officer, filters, NOW, after=broken, size=3).reports] == top, broken


# ---- the page -------------------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(app, client):
    with app.app_context():
        ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
        officer = make_staff("officer", wards=[ward])
        other = make_staff("officer", wards=[ward])
        make_report(ward=ward, submitted_at=at(3))
        make_report(ward=ward, status="assigned", assigned_to_id=officer.id, next_update_due=date(2026, 12, 1))
        make_report(ward=ward, status="assigned", assigned_to_id=other.id, next_update_due=date(2026, 11, 1))
        login_as(client, officer)
        return {"ward": ward.id, "officer": officer.id}


def links_in(result, label):
    nav = result.select_one(f"nav[aria-labelledby={label}]")
    return {a.get_text(strip=True): a for a in nav.select("a")}


def test_saved_views_are_links_that_set_the_filters(app, client, signed_in):
    result = page(client, "/staff/queue", title="Reports to triage")
    views = links_in(result, "saved-views")
    assert list(views) == ["Awaiting triage", "My cases", "My ward's reports", "Updates due"]
    assert views["Awaiting triage"].get("aria-current") == "page"
    queries = {text: parse_qs(urlsplit(a["href"]).query) for text, a in views.items()}
    assert queries["My cases"] == {"status": ["open"], "assigned": ["me"]}
    assert queries["My ward's reports"] == {"status": ["open"], "ward": [str(signed_in["ward"])]}
    assert queries["Updates due"] == {"status": ["open"], "sort": ["due"]}

    mine = page(client, views["My cases"]["href"])
    assert links_in(mine, "saved-views")["My cases"].get("aria-current") == "page"
    with app.app_context():
        officer = session.get(StaffUser, signed_in["officer"])
        expected = [
            references.display(r.reference)
            for r in queue.page(officer, queue.Filters(status="open", assigned="me"), NOW).reports
        ]
    assert [a.get_text(strip=True) for a in mine.select("table tbody a")] == expected and len(expected) == 1
    assert mine.select_one("#filter-assigned option[selected]")["value"] == "me"

    due = page(client, views["Updates due"]["href"])
    when = [row.select("td")[2].get_text(" ", strip=True) for row in due.select("tbody tr")]  # the "When" column
    assert [text.split()[:2] for text in when] == [["Update", "due"], ["Update", "due"], ["Waiting", "3"]]
    assert "Update overdue" in when[0] and "overdue" not in when[1]
    assert links_in(due, "sort-by")["Update due soonest"].get("aria-current") == "page"


def test_the_sort_links_keep_the_filters_and_the_filter_form_keeps_the_sort(client, signed_in):
    result = page(client, "/staff/queue?status=open&type=anti-social-behaviour&sort=received")
    newest = links_in(result, "sort-by")["Newest"]
    assert newest.get("aria-current") == "page"
    urgent = parse_qs(urlsplit(links_in(result, "sort-by")["Most urgent"]["href"]).query)
    assert urgent == {"status": ["open"], "type": ["anti-social-behaviour"], "sort": ["urgency"]}
    assert result.select_one(".dps-queue-filters input[name=sort]")["value"] == "received"


def test_the_export_follows_the_search_and_the_order_and_keeps_the_words_out_of_the_audit(app, client, signed_in):
    with app.app_context():
        ward = session.get(StaffUser, signed_in["officer"]).wards[0]
        first = make_report(ward=ward, reporter_name="Sam Taylor", submitted_at=at(2))
        second = make_report(ward=ward, reporter_name="Sam Taylor", submitted_at=at(1))
        from portal.services.oversight import identifiers

        for report in (first, second):
            identifiers.index_report(report)
        session.commit()
        wanted = [references.display(r.reference) for r in (second, first)]
    with client.get("/staff/queue/export?q=sam+taylor&sort=received") as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [row[0] for row in rows[1:]] == wanted
    with app.app_context():
        from sqlalchemy import select

        from portal.models import AuditEvent

        detail = session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "reports.exported"))
    assert detail == "q=(search), status=all, sort=received; 2 rows"
