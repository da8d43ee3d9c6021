"""Statements that commit as they run (Database.autocommit(), docs/adr/0011): sending a report on PostgreSQL reads the
draft and writes everything in one statement, outside a transaction; a report with files goes back to one
transaction for the claim and the files; a second write where each statement commits is refused; the connection
goes back to the pool with transactions again. SQLite is left as it is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, func, select, text

from portal.db import WriteWithoutTransaction, db, session
from portal.models import CaseEvent, Evidence, OutboxMessage, Report
from tests.factories.reports import asb_pages, db_fixture, make_report, send, walk, ward_fixture  # noqa: F401
from tests.pages import page
from tests.support import evidence_samples as samples
from tests.support.evidence_journey import finish_report, store_fixture, to_evidence_step, upload  # noqa: F401

ASB = "anti-social-behaviour"


@pytest.fixture(name="statements")
def statements_fixture(app) -> Iterator[list[tuple[str, bool]]]:
    """Each statement's first words and whether the driver ran it outside a transaction (psycopg's autocommit)."""
    seen: list[tuple[str, bool]] = []

    def capture(conn, _cursor, statement, *_args):
        autocommit = getattr(
            conn.connection.dbapi_connection, "autocommit", False
        )  # psycopg's; sqlite3's is not a flag
        seen.append((" ".join(statement.split()[:3]).upper(), autocommit is True))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    yield seen
    event.remove(engine, "before_cursor_execute", capture)


def on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_sending_a_report_on_postgresql_is_a_read_and_one_write_outside_a_transaction(
    app, client, ward, db, statements
):
    walk(client, ASB, asb_pages(ward.code))
    token = page(client, f"/report/{ASB}/check-answers").csrf_token()
    statements.clear()
    sent = client.post(f"/report/{ASB}/check-answers", data={"csrf_token": token})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/confirmation")
    counted = db(lambda: [session.scalar(select(func.count(m.id))) for m in (Report, CaseEvent, OutboxMessage)])
    assert counted == [1, 1, 1]
    sending = statements[: -len(counted)]  # not the counts just read
    if on_postgresql(app):
        # Reads (the draft first), then the claim with the report, its event, email and counts: one write, and
        # every statement committed as it ran.
        assert sending[0][0].startswith("SELECT REPORT_DRAFT.ID")
        assert [sql.split()[0] for sql, _ in sending if not sql.startswith("SELECT")] == ["WITH"]
        assert all(outside for _, outside in sending)
    else:
        assert not any(outside for _, outside in statements)


def test_a_report_with_files_is_claimed_and_given_its_files_in_one_transaction(
    app, client, ward, db, store, statements
):
    to_evidence_step(client, ward.code)
    upload(client, (samples.jpeg(), "damage.jpg"), action="continue")
    finish_report(client, ward.code)
    statements.clear()
    send(client, "road-traffic-incident")
    report = db(lambda: session.scalar(select(Report)))
    evidence = db(lambda: session.scalars(select(Evidence)).one())
    assert (evidence.report_id, evidence.draft_id) == (report.id, None)
    writes = [(sql, outside) for sql, outside in statements if sql.split()[0] in ("WITH", "UPDATE", "INSERT")]
    assert any(sql.startswith("UPDATE EVIDENCE") for sql, _ in writes)
    assert not any(outside for _, outside in writes)  # the claim and the move: both inside one transaction


def event_rows(report_id: int, count: int) -> list[dict]:
    return [{"report_id": report_id, "kind": "note", "status_after": "received", "public": False}] * count


def insert_event(report_id: int) -> None:
    session.execute(CaseEvent.__table__.insert(), event_rows(report_id, 1))


def events(app, report_id: int) -> int:
    with app.app_context():
        counted = select(func.count(CaseEvent.id)).where(CaseEvent.report_id == report_id, CaseEvent.kind == "note")
        return session.scalar(counted)


@pytest.fixture(name="report_id")
def report_id_fixture(app, ward) -> int:
    with app.app_context():
        report_id = make_report(ward=ward).id
        session.commit()
    return report_id


def test_a_second_write_where_each_statement_commits_is_refused(app, report_id):
    with app.test_request_context():
        db.autocommit()
        session.scalar(select(func.count(Report.id)))  # reads are not counted
        insert_event(report_id)
        if not on_postgresql(app):
            insert_event(report_id)  # SQLite: still one transaction, as before
            session.rollback()
            assert events(app, report_id) == 0
            return
        assert events(app, report_id) == 1  # committed as it ran, seen from another connection
        with pytest.raises(WriteWithoutTransaction):
            insert_event(report_id)
        with pytest.raises(WriteWithoutTransaction):
            session.execute(select(Report.id).with_for_update())  # a lock would last no longer than the statement
    assert events(app, report_id) == 1


def test_end_autocommit_goes_back_to_one_transaction(app, report_id):
    with app.test_request_context():
        db.autocommit()
        session.scalar(select(func.count(Report.id)))
        db.end_autocommit()
        insert_event(report_id)
        insert_event(report_id)
        assert events(app, report_id) == 0  # not committed yet: one transaction
        session.rollback()
    assert events(app, report_id) == 0


def test_a_connection_goes_back_to_the_pool_with_transactions(app, report_id):
    for _ in range(3):  # the pool hands back the connection just returned
        with app.test_request_context():
            db.autocommit()
            insert_event(report_id)
    with app.app_context():
        insert_event(report_id)
        insert_event(report_id)
        session.execute(text("SELECT 1"))
        session.rollback()
    assert events(app, report_id) == (3 if on_postgresql(app) else 0)


def test_a_session_already_in_a_transaction_stays_in_it(app, report_id):
    with app.test_request_context():
        session.scalar(select(func.count(Report.id)))
        db.autocommit()  # too late: the request has begun a transaction
        insert_event(report_id)
        insert_event(report_id)
        session.rollback()
    assert events(app, report_id) == 0


def test_a_connection_lost_while_each_statement_commits_is_replaced_by_one_in_transactions(app, report_id):
    with app.test_request_context():
        db.autocommit()
        session.connection().invalidate()  # as after the database restarted under the request
    with app.app_context():
        insert_event(report_id)
        insert_event(report_id)
        session.rollback()
    assert events(app, report_id) == 0
