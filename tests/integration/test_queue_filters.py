"""The number beside every filter option is the number of rows the queue shows when that option is chosen with every
other filter as it is ("Awaiting triage (4)" means four rows), for an officer, a supervisor and an administrator,
over many combinations of filters and searches. And the queue stays cheap: one statement for a page of rows, one
for all the counts, however many rows there are."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from portal.db import db, session
from portal.report_types import REPORT_TYPES
from portal.services.cases import counts as queue_counts
from portal.services.cases import queue, states, triage
from portal.services.cases.scope import scope_of
from portal.services.cases.triage import urgency
from portal.services.oversight import identifiers
from tests.factories.reports import make_report
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LATE, LATER = date(2026, 11, 1), date(2026, 12, 20)
STATUS_FILTERS = [queue.OPEN, queue.ALL, *states.STATUSES]


def reported(ward, status="received", grading=None, vulnerable=False, name="Alex Brown", **columns):
    report = make_report(
        ward=ward,
        status=status,
        grading=grading,
        vulnerable=vulnerable,
        urgency=urgency(grading, vulnerable),
        submitted_at=NOW - timedelta(hours=len(columns) + 1),
        reporter_name=name,
        **columns,
    )
    identifiers.index_report(report)
    session.commit()
    return report


@pytest.fixture
def world(app_context):
    westminster = make_borough("Westminster", "E09000033")
    west_end, soho = make_ward("West End", "E05013808", westminster), make_ward("Soho", "E05013809", westminster)
    holborn = make_ward("Holborn", "E05013810", make_borough("Camden", "E09000007"))
    officer = make_staff("officer", wards=[west_end])
    other = make_staff("officer", wards=[west_end, soho])
    people = {
        "officer": officer,
        "supervisor": make_staff("supervisor", boroughs=[westminster]),
        "admin": make_staff("admin"),
    }
    for ward in (west_end, soho):
        reported(ward)
        reported(ward, vulnerable=True, report_type="fraud", name="Ann Jones")
        reported(ward, needs_attention=True, attention_reason="New information", reporter_phone="07911 123456")
        reported(ward, "triaged", "standard", next_update_due=LATE)
        reported(ward, "triaged", "priority", True, next_update_due=LATER, report_type="fraud")
        reported(ward, "assigned", "standard", assigned_to_id=officer.id, next_update_due=LATE, name="Ann Smith")
        reported(ward, "assigned", "scheduled", assigned_to_id=other.id, next_update_due=LATER, needs_attention=True)
        reported(ward, "investigating", "immediate", assigned_to_id=officer.id, next_update_due=LATER)
        reported(ward, "closed", "standard", outcome="charged", notify_by=LATE, report_type="road-traffic-incident")
        reported(ward, "closed", "no-attendance", outcome="information-recorded")
        reported(ward, "reopened", "priority", next_update_due=LATE, assigned_to_id=officer.id, report_type="fraud")
        reported(ward, "investigating", "standard", restricted=True, name="Sam Smith")  # nobody's queue
    reported(holborn, "triaged", "standard", next_update_due=LATE)
    reported(holborn, "assigned", "priority", assigned_to_id=officer.id, next_update_due=LATE)  # theirs, elsewhere
    reported(None)
    reported(None, vulnerable=True, report_type="fraud", name="Sam Smith")
    return people


def rows(viewer, filters):
    """Every row the queue shows, page after page."""
    shown, after = [], None
    while True:
        result = queue.page(viewer, filters, NOW, after=after, size=7)
        shown += [report.id for report in result.reports]
        after = result.next_cursor
        if after is None:
            assert len(shown) == len(set(shown))
            return shown


def options(viewer, filters):
    """(what the filter form shows beside an option, the filters that option gives)."""
    wards = [str(w.id) for w in queue.wards_in_scope(viewer)] + [queue.NOT_ALLOCATED]
    yield from ((("status", s), replace(filters, status=s)) for s in STATUS_FILTERS)
    yield from ((("type", t), replace(filters, report_type=t)) for t in REPORT_TYPES)
    for ward in wards:
        unallocated = ward == queue.NOT_ALLOCATED
        yield ("ward", ward), replace(filters, unallocated=unallocated, ward_id=None if unallocated else int(ward))
    yield from ((("grading", g), replace(filters, grading=g)) for g in [*triage.GRADINGS, "ungraded"])
    yield from ((("assigned", a), replace(filters, assigned=a)) for a in ("me", "unassigned"))
    yield ("overdue", "yes"), replace(filters, overdue=True)
    yield ("flagged", "yes"), replace(filters, flagged=True)


COMBINATIONS = [
    queue.Filters(),
    queue.Filters(status=queue.OPEN),
    queue.Filters(status=queue.OPEN, report_type="fraud"),
    queue.Filters(status=queue.ALL, grading="standard"),
    queue.Filters(status=queue.OPEN, assigned="me"),
    queue.Filters(status=queue.OPEN, assigned="unassigned", flagged=True),
    queue.Filters(status=queue.ALL, overdue=True),
    queue.Filters(status=queue.OPEN, overdue=True, assigned="me"),
    queue.Filters(status=queue.ALL, overdue=True, report_type="fraud"),
    queue.Filters(status=queue.ALL, unallocated=True),
    queue.Filters(status=queue.ALL, search="smith"),
    queue.Filters(status=queue.OPEN, search="sam smith", report_type="anti-social-behaviour"),
    queue.Filters(status=queue.ALL, search="07911123456", overdue=False, flagged=True),
]


@pytest.mark.parametrize("who", ["officer", "supervisor", "admin"])
@pytest.mark.parametrize("filters", COMBINATIONS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.as_args().items()))
def test_every_count_is_the_number_of_rows_that_option_shows(world, who, filters):
    viewer = world[who]
    if who == "officer" and filters.unallocated:
        pytest.skip("an officer without the allocate permission has no such option")
    counts = queue_counts.for_queue(viewer, filters, NOW)
    for (facet, option), chosen in options(viewer, filters):
        assert counts[facet].get(option, 0) == len(rows(viewer, chosen)), (facet, option)


def test_the_counts_are_not_all_zero(world):
    """The combinations above count something: every kind of option has rows for someone."""
    officer = world["officer"]
    counts = queue_counts.for_queue(officer, queue.Filters(status=queue.OPEN), NOW)
    assert counts["status"][queue.OPEN] == 13  # nine in West End, and their own four in Soho and Holborn
    assert counts["assigned"] == {"me": 7, "unassigned": 5} and counts["overdue"] == {"yes": 6}
    assert counts["type"]["fraud"] == 4 and counts["flagged"] == {"yes": 2}
    assert queue_counts.for_queue(officer, queue.Filters(search="smith"), NOW)["status"][queue.ALL] == 2


def counted(statements):
    def capture(_conn, _cursor, statement, *_args):
        statements.append(statement)

    return capture


@pytest.mark.parametrize("filters", COMBINATIONS[:1] + COMBINATIONS[4:], ids=lambda f: str(f.as_args()))
def test_a_page_is_one_statement_and_its_counts_another(world, filters):
    viewer = world["supervisor"]
    scope_of(viewer)  # which reports are theirs is read once per request, before either
    statements: list[str] = []
    listen = counted(statements)
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        result = queue.page(viewer, filters, NOW, size=3)
        assert len(statements) == 1
        shown = [(r.ward.name if r.ward else "", r.assigned_to.name if r.assigned_to else "") for r in result.reports]
        assert len(shown) == len(result.reports) and len(statements) == 1, statements  # each row's names came with it
        queue_counts.for_queue(viewer, filters, NOW)
        assert len(statements) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def test_the_queue_page_reads_as_many_statements_for_sixty_rows_as_for_three(app, client):
    with app.app_context():
        ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
        officer = make_staff("officer", wards=[ward])
        login_as(client, officer)
        for _ in range(3):
            reported(ward)

    def statements_for(url):
        statements: list[str] = []
        listen = counted(statements)
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listen)
        try:
            page(client, url)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return statements

    few = statements_for("/staff/queue?status=all")
    with app.app_context():
        ward = session.get(type(ward), ward.id)
        others = [make_staff("officer", wards=[ward]) for _ in range(5)]
        for n in range(60):
            reported(ward, "assigned", "standard", assigned_to_id=others[n % 5].id, next_update_due=LATER)
    many = statements_for("/staff/queue?status=all")
    assert len(many) == len(few), "\n\n".join(many)
    assert len([s for s in many if "report.reference" in s]) == 1  # the rows, with their wards and officers
