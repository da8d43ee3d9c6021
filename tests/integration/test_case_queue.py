"""The triage queue: default view, order, filters, counts, keyset pagination, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from portal.db import session
from portal.models import AuditEvent, Report, StaffUser
from portal.services.cases import counts as queue_counts
from portal.services.cases import queue
from portal.services.cases.triage import urgency
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


@pytest.fixture
def ward(app_context):
    return make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


@pytest.fixture
def officer(ward):
    return make_staff("officer", wards=[ward])


def graded(ward, grading, vulnerable=False, **columns):
    return make_report(
        ward=ward,
        status="triaged",
        grading=grading,
        vulnerable=vulnerable,
        urgency=urgency(grading, vulnerable),
        **columns,
    )


def refs(result):
    return [r.reference for r in result.reports]


def test_default_is_awaiting_triage_oldest_first_with_vulnerable_first(ward, officer):
    newer = make_report(ward=ward, submitted_at=hours_ago(1))
    older = make_report(ward=ward, submitted_at=hours_ago(5))
    vulnerable = make_report(ward=ward, submitted_at=hours_ago(0.5), vulnerable=True, urgency=urgency(None, True))
    graded(ward, "immediate", submitted_at=hours_ago(9))  # triaged: not in the default view
    result = queue.page(officer, queue.Filters(), NOW)
    assert refs(result) == [vulnerable.reference, older.reference, newer.reference]


def test_all_open_orders_by_grading_then_vulnerability_then_age(ward, officer):
    standard_old = graded(ward, "standard", submitted_at=hours_ago(50))
    standard_vulnerable = graded(ward, "standard", vulnerable=True, submitted_at=hours_ago(1))
    immediate = graded(ward, "immediate", submitted_at=hours_ago(2))
    scheduled = graded(ward, "scheduled", submitted_at=hours_ago(90))
    untriaged = make_report(ward=ward, submitted_at=hours_ago(3))
    make_report(ward=ward, status="closed", outcome="charged")
    result = queue.page(officer, queue.Filters(status="open"), NOW)
    assert refs(result) == [
        untriaged.reference,
        immediate.reference,
        standard_vulnerable.reference,
        standard_old.reference,
        scheduled.reference,
    ]


def test_filters_and_counts(ward, officer):
    other_officer = make_staff("officer", wards=[ward])
    soho = make_ward("Soho", "E05013809", ward.borough)
    officer.wards.append(soho)
    session.commit()
    mine = graded(ward, "standard", assigned_to_id=officer.id, report_type="fraud")
    graded(ward, "priority", assigned_to_id=other_officer.id)
    overdue = graded(soho, "standard", next_update_due=date(2026, 11, 1))
    flagged = graded(ward, "scheduled", needs_attention=True, attention_reason="New information")
    make_report(ward=ward)

    def only(**kwargs):
        return refs(queue.page(officer, queue.Filters(status="triaged", **kwargs), NOW))

    assert only(assigned="me") == [mine.reference]
    assert set(only(assigned="unassigned")) == {overdue.reference, flagged.reference}
    assert only(overdue=True) == [overdue.reference]
    assert only(flagged=True) == [flagged.reference]
    assert only(ward_id=soho.id) == [overdue.reference]
    assert only(report_type="fraud") == [mine.reference]
    assert only(grading="scheduled") == [flagged.reference]
    assert refs(queue.page(officer, queue.Filters(grading="ungraded", status="all"), NOW)) != []

    counts = queue_counts.for_queue(officer, queue.Filters(status="triaged"), NOW)
    assert counts["status"]["triaged"] == 4 and counts["status"]["received"] == 1 and counts["status"]["open"] == 5
    assert counts["grading"] == {"standard": 2, "priority": 1, "scheduled": 1}
    assert counts["assigned"] == {"me": 1, "unassigned": 2}
    assert counts["overdue"] == {"yes": 1} and counts["flagged"] == {"yes": 1}
    assert counts["ward"][str(soho.id)] == 1 and counts["type"]["fraud"] == 1


def test_update_overdue_means_a_date_passed_in_scope_and_status(ward, officer):
    elsewhere = make_ward("Holborn", "E05013810", make_borough("Camden", "E09000007"))
    late = graded(ward, "standard", next_update_due=date(2026, 11, 1))
    notice_late = make_report(ward=ward, status="closed", outcome="nfa-evidence", notify_by=date(2026, 11, 20))
    graded(ward, "standard", next_update_due=date(2026, 12, 20))  # not yet due
    make_report(ward=ward, status="closed", outcome="charged", notify_by=date(2026, 12, 1))  # notice not yet due
    graded(elsewhere, "standard", next_update_due=date(2026, 11, 1))  # overdue, but not the officer's
    make_report(ward=elsewhere, status="closed", outcome="charged", notify_by=date(2026, 11, 2))  # likewise

    def overdue(status):
        result = queue.page(officer, queue.Filters(status=status, overdue=True), NOW)
        return set(refs(result)), queue_counts.for_queue(officer, queue.Filters(status=status), NOW)["overdue"]["yes"]

    assert overdue("all") == ({late.reference, notice_late.reference}, 2)
    assert overdue("open") == ({late.reference}, 1)
    assert overdue("closed") == ({notice_late.reference}, 1)


def test_keyset_pagination_visits_every_report_once_in_order(ward, officer):
    same_time = hours_ago(2)
    made = [make_report(ward=ward, submitted_at=same_time if i % 3 == 0 else hours_ago(i)) for i in range(23)]
    seen, after = [], None
    while True:
        result = queue.page(officer, queue.Filters(), NOW, after=after, size=5)
        seen += refs(result)
        after = result.next_cursor
        if after is None:
            break
    assert sorted(seen) == sorted(r.reference for r in made) and len(seen) == len(set(seen))
    everything = refs(queue.page(officer, queue.Filters(), NOW, size=100))
    assert seen == everything


def test_a_broken_cursor_starts_from_the_top(ward, officer):
    first = make_report(ward=ward)
    assert refs(queue.page(officer, queue.Filters(), NOW, after="nonsense")) == [first.reference]


# ---- pages --------------------------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(app, client):
    with app.app_context():
        ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
        officer = make_staff("officer", wards=[ward])
        login_as(client, officer)
        return {"ward": ward.id, "officer": officer.id}


def test_the_queue_page_shows_flags_clocks_and_counts(app, client, signed_in):
    with app.app_context():
        ward = session.get(StaffUser, signed_in["officer"]).wards[0]
        make_report(ward=ward, flag_injuries=True, submitted_at=datetime.now(UTC) - timedelta(hours=30))
    result = page(client, "/staff/queue", title="Reports to triage")
    assert "Injuries" in result.text and "Overdue" in result.text and "Record by" in result.text
    assert "Awaiting triage (1)" in result.text


def test_the_queue_page_paginates_with_a_next_link(app, client, signed_in):
    with app.app_context():
        ward = session.get(StaffUser, signed_in["officer"]).wards[0]
        for _ in range(queue.PAGE_SIZE + 3):
            make_report(ward=ward)
    first = page(client, "/staff/queue")
    assert len(first.select("tbody tr")) == queue.PAGE_SIZE
    second = page(client, first.select_one(".govuk-pagination__next a")["href"])
    assert len(second.select("tbody tr")) == 3


def test_unknown_filter_values_fall_back_rather_than_fail(client, signed_in):
    page(client, "/staff/queue?status=%3Cscript%3E&ward=abc&grading=x&type=y&after=1_2_3")


def test_export_neutralises_formulas_and_is_audited(app, client, signed_in):
    with app.app_context():
        ward = session.get(StaffUser, signed_in["officer"]).wards[0]
        make_report(ward=ward, place_description='=HYPERLINK("http://evil")')
        make_report(ward=ward, place_description="@SUM(A1)\tand +1, -2")
    with client.get("/staff/queue/export?status=received") as response:
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    places = sorted(row[-1] for row in rows[1:])
    assert places == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)\tand +1, -2"]
    with app.app_context():
        event = session.query(AuditEvent).filter_by(action="reports.exported").one()
        assert event.actor_id == signed_in["officer"] and "2 rows" in event.detail and "status=received" in event.detail


def test_updates_due_lists_overdue_and_due_cases_by_officer_and_ward(app, client, signed_in):
    today = datetime.now(UTC).date()
    with app.app_context():
        officer = session.get(StaffUser, signed_in["officer"])
        ward = officer.wards[0]
        late = make_report(ward=ward, status="investigating", next_update_due=today - timedelta(days=3))
        late.assigned_to_id = officer.id
        make_report(ward=ward, status="investigating", next_update_due=today + timedelta(days=2))
        make_report(ward=ward, status="investigating", next_update_due=today + timedelta(days=20))
        session.commit()
        name = officer.name
    result = page(client, "/staff/updates-due", title="Updates due to victims")
    assert "1 overdue, 1 due soon" in result.text
    captions = result.texts("caption")
    assert f"{name}: 1 overdue, 0 due soon" in captions
    assert "West End: 1 overdue, 1 due soon" in captions


def test_a_report_submitted_in_public_cannot_set_case_fields(app, client, signed_in):
    """Check 11: extra fields posted with a public report are ignored."""
    from tests.factories.reports import asb_pages, send, walk

    extra = {
        "status": "closed",
        "assigned_to_id": str(signed_in["officer"]),
        "ward_id": "999",
        "urgency": "0",
        "grading": "immediate",
        "priority": "1",
        "outcome": "charged",
        "needs_attention": "y",
    }
    pages = [(path, {**data, **extra}) for path, data in asb_pages("E05013808")]
    walk(client, "anti-social-behaviour", pages)
    send(client, "anti-social-behaviour")
    with app.app_context():
        report = session.query(Report).one()
        assert (report.status, report.assigned_to_id, report.grading, report.outcome) == ("received", None, None, None)
        assert report.ward_id == signed_in["ward"] and report.urgency == 1 and not report.needs_attention
