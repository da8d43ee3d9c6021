"""The queue's kept counts (report_count) stay exactly what a recount of the reports gives, whichever way a report
changes: submitted through the journey, triaged, assigned, moved through its statuses, closed and reopened, given
new information by the victim, moved to another ward. A rolled-back change leaves them alone; a submission adds one
statement; the CLI finds and repairs counts a bulk statement left behind."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select, update

from portal.core import clock
from portal.db import db, session
from portal.models import Report, ReportCount, StaffUser
from portal.models.report_count import differences
from portal.report_types import REPORT_TYPES
from portal.services.cases import counts as queue_counts
from portal.services.cases import queue, states, triage
from portal.services.cases import scope as queue_scope
from portal.services.cases import transitions as cases
from portal.services.tracking import actions as victim
from tests.factories.reports import asb_pages, make_report, send, walk
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.pages import page

SLUG = "anti-social-behaviour"
STATUS_FILTERS = ["received", "open", "all", "triaged", "assigned", "investigating", "closed", "reopened"]
GRADING = {
    "threat": "low",
    "harm": "low",
    "risk": "medium",
    "investigation": "some",
    "vulnerability": "none",
    "engagement": "engaged",
    "grading": "standard",
    "enhanced_rights": False,
    "reason": "Nobody hurt; noise at night",
}


@pytest.fixture
def world(app):
    with app.app_context():
        westminster = make_borough("Westminster", "E09000033")
        west_end = make_ward("West End", "E05013808", westminster)
        soho = make_ward("Soho", "E05013809", westminster)
        holborn = make_ward("Holborn", "E05013810", make_borough("Camden", "E09000007"))
        officer = make_staff("officer", wards=[west_end])
        return {
            "west_end": west_end.id,
            "soho": soho.id,
            "holborn": holborn.id,
            "officer": officer.id,
            "supervisor": make_staff("supervisor", boroughs=[westminster]).id,
            "admin": make_staff("admin").id,
            "soho_report": make_report(ward=soho, report_type="fraud").id,
            "camden_report": make_report(ward=holborn, report_type="road-traffic-incident").id,
            "no_ward_report": make_report(ward=None).id,
        }


def expected_counts(viewer: StaffUser, filters: queue.Filters, now: datetime) -> dict[str, dict[str, int]]:
    """The counts worked out the slow way: every report the viewer may see, counted in Python."""
    visible = [r for r in session.scalars(select(Report)) if queue_scope.can_view(viewer, r)]
    chosen = {"all": set(states.STATUSES), "open": set(states.open_statuses())}.get(filters.status, {filters.status})
    within = [r for r in visible if r.status in chosen]
    today = clock.london_date(now)
    by_rank = {g.rank: code for code, g in triage.GRADINGS.items()}
    statuses = Counter(r.status for r in visible)
    statuses.update(
        open=sum(1 for r in visible if r.status in states.open_statuses()),
        all=len(visible),
    )
    return {
        "status": dict(statuses),
        "grading": dict(Counter(by_rank.get(r.urgency // 2, "ungraded") for r in within)),
        "ward": dict(Counter(str(r.ward_id) if r.ward_id else queue.NOT_ALLOCATED for r in within)),
        "type": {slug: sum(1 for r in within if r.report_type == slug) for slug in REPORT_TYPES},
        "assigned": {
            "me": sum(1 for r in within if r.assigned_to_id == viewer.id),
            "unassigned": sum(1 for r in within if r.assigned_to_id is None),
        },
        "overdue": {
            "yes": sum(
                1
                for r in within
                if (r.next_update_due and r.next_update_due < today) or (r.notify_by and r.notify_by < today)
            )
        },
        "flagged": {"yes": sum(1 for r in within if r.needs_attention)},
    }


def without_zeros(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {name: {key: n for key, n in group.items() if n} for name, group in counts.items()}


def assert_counts_exact(app, world, now: datetime | None = None) -> None:
    now = now or clock.now()
    with app.app_context():
        assert differences(session.connection()) == {}
        for who in ("officer", "supervisor", "admin"):
            viewer = session.get(StaffUser, world[who])
            for status in STATUS_FILTERS:
                filters = queue.Filters(status=status)
                actual = without_zeros(queue_counts.for_queue(viewer, filters, now))
                assert actual == without_zeros(expected_counts(viewer, filters, now)), (who, status)


def only_report(app, **where) -> int:
    with app.app_context():
        return session.scalars(select(Report.id).filter_by(**where)).one()


def test_counts_follow_a_report_from_submission_to_reopening(app, client, world):
    assert_counts_exact(app, world)
    walk(client, SLUG, asb_pages("E05013808"))
    send(client, SLUG)
    report_id = only_report(app, ward_id=world["west_end"])
    assert_counts_exact(app, world)

    # Triaged on the report page, as the officer would.
    staff_client = app.test_client()
    with app.app_context():
        login_as(staff_client, session.get(StaffUser, world["officer"]))
    token = page(staff_client, f"/staff/reports/{report_id}").csrf_token()
    fields = {f"triage-{name}": value for name, value in GRADING.items() if name != "enhanced_rights"}
    response = staff_client.post(
        f"/staff/reports/{report_id}/triage", data={"csrf_token": token, "triage-enhanced_rights": "no", **fields}
    )
    assert response.status_code == 302
    assert_counts_exact(app, world)

    steps = [
        lambda r, s: cases.assign(r, session.get(StaffUser, world["officer"]), s),
        lambda r, s: cases.transition(r, "investigating", by=s, reason="CCTV requested"),
        lambda r, s: triage.grade(r, s, {**GRADING, "grading": "priority", "vulnerability": "vulnerable"}),
        lambda r, s: cases.transition(r, "closed", by=s, reason="No evidence", outcome="nfa-evidence"),
        lambda r, s: cases.transition(r, "reopened", by=s, reason="New witness"),
        lambda r, s: victim.add_information(r, "I found a photo of the group"),
        lambda r, s: cases.clear_attention(r, s),
        lambda r, s: cases.transition(r, "investigating", by=s, reason="Looking again"),
    ]
    for step in steps:
        with app.app_context():
            step(session.get(Report, report_id), session.get(StaffUser, world["supervisor"]))
        assert_counts_exact(app, world)
    # Weeks later the update and the Right 6 notice are overdue: counted through the overdue indexes.
    assert_counts_exact(app, world, now=clock.now() + timedelta(days=60))


def test_counts_follow_a_change_of_ward_by_column_or_by_relationship(app, world):
    with app.app_context():
        report = session.get(Report, world["soho_report"])
        report.ward_id = world["west_end"]
        session.commit()
    assert_counts_exact(app, world)
    with app.app_context():
        from portal.models import Ward

        report = session.get(Report, world["no_ward_report"])
        report.ward = session.get(Ward, world["holborn"])  # the column is only set when the session flushes
        session.commit()
    assert_counts_exact(app, world)


def test_counts_read_the_database_not_a_stale_copy_in_memory(app, world):
    with app.app_context():
        stale = session.get(Report, world["soho_report"])
        with db.new_session() as other:  # someone else flags it meanwhile
            other.get(Report, world["soho_report"]).needs_attention = True
            other.commit()
        stale.status = "triaged"  # this session still believes needs_attention is False
        session.commit()
    assert_counts_exact(app, world)


def test_a_rolled_back_change_leaves_the_counts_alone(app, world):
    with app.app_context():
        report = session.get(Report, world["soho_report"])
        report.status = "triaged"
        session.flush()
        session.rollback()
        session.add(Report(**_columns(world["west_end"])))
        session.flush()
        session.rollback()
        session.get(Report, world["camden_report"]).needs_attention = True  # the next commit applies only its own
        session.commit()
    assert_counts_exact(app, world)


def _columns(ward_id: int) -> dict:
    return {
        "reference": "TESTREF0001",
        "report_type": SLUG,
        "submitted_at": clock.now(),
        "ward_id": ward_id,
        "unsafe_channels": [],
        "answers": {},
    }


def test_a_submission_adds_one_statement_for_the_counts(app, client, world):
    walk(client, SLUG, asb_pages("E05013808"))
    statements: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        send(client, SLUG)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    counting = [s for s in statements if "report_count" in s]
    assert len(counting) == 1  # one upsert (on PostgreSQL the last part of the statement that writes the report)

    def written(table: str) -> tuple[int, int]:  # where the INSERT into `table` is: (statement, place in it)
        return next((i, s.upper().index(table)) for i, s in enumerate(statements) if table in s.upper())

    # Last of the transaction's writes, so the counter rows are locked only while it commits.
    assert written("INSERT INTO REPORT_COUNT") > written("INSERT INTO OUTBOX_MESSAGE")
    # Counted from what was inserted: nothing is read back.
    assert not [s for s in statements if s.startswith("SELECT report.id, report.ward_id, report.status")]
    assert_counts_exact(app, world)


def test_the_cli_finds_counts_a_bulk_statement_missed_and_repairs_them(app, world):
    with app.app_context():
        session.execute(update(Report).values(status="triaged").execution_options(synchronize_session=False))
        session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["cases", "counts"])
    assert result.exit_code == 1 and "counts differ from a recount" in result.output
    result = runner.invoke(args=["cases", "counts", "--repair"])
    assert result.exit_code == 0 and "Rebuilt" in result.output
    assert runner.invoke(args=["cases", "counts"]).output.strip() == "The queue's counts match the reports."
    assert_counts_exact(app, world)


def test_the_migration_counts_the_reports_already_there(app, world, database_url):
    from portal import migrate

    with app.app_context():
        db.engine.dispose()
    migrate.downgrade(database_url, "0009_merge_areas")
    migrate.upgrade(database_url)
    with app.app_context():
        assert session.scalar(select(ReportCount.n).where(ReportCount.level == "total").limit(1)) == 1
    assert_counts_exact(app, world)


def test_on_sqlite_a_changed_report_is_read_back_inside_the_write_transaction(app, world):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL locks the row with SELECT ... FOR UPDATE")
        engine = db.engine
    locked: list[bool] = []

    def check(conn, _cursor, statement, *_args):
        if statement.startswith("SELECT report.id, report.ward_id, report.status"):
            locked.append(conn.connection.dbapi_connection.in_transaction)

    event.listen(engine, "before_cursor_execute", check)
    try:
        with app.app_context():
            session.get(Report, world["soho_report"]).status = "triaged"  # read in autocommit, before any write
            session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", check)
    # Read down before the UPDATE and up after it, both holding the write lock: nobody can change it in between.
    assert locked == [True, True]
    assert_counts_exact(app, world)
