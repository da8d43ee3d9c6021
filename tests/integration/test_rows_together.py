"""Rows written together (portal.db_writes.rows_together): on PostgreSQL one statement for rows of several tables,
with the same values and defaults as each table's own INSERT; nothing written when the block fails; the public
content's tables still written where its session events see them; a claim that takes the new report's id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import bindparam, event, select, update

from portal.core import clock
from portal.db import db, session
from portal.db_writes import claim, insert_object, insert_rows, rows_together
from portal.models import CaseEvent, OutboxMessage, Report, ReportDraft, ReportIdentifier, Ward
from portal.services import public_content
from tests.factories.reports import make_report, ward_fixture  # noqa: F401  (fixtures)

QUOTED = "O'Brien's \"report\"; DROP TABLE report; -- $1 %s"


@pytest.fixture(name="statements")
def statements_fixture(app) -> Iterator[list[str]]:
    """The statements sent to the database, as the driver sees them."""
    seen: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()).upper())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    yield seen
    event.remove(engine, "before_cursor_execute", capture)


def write_three_tables(report_id: int) -> None:
    insert_rows(CaseEvent, [{"report_id": report_id, "kind": "note", "status_after": "received", "public": False}])
    insert_rows(
        ReportIdentifier,
        [
            {"report_id": report_id, "kind": "email", "value": "a@example.com", "source": "reporter"},
            {"report_id": report_id, "kind": "phone", "value": "+447700900123", "source": "witness"},
        ],
    )
    insert_rows(
        OutboxMessage,
        [
            {
                "message_id": "<1@example.com>",
                "kind": "test",
                "to_address": "a@example.com",
                "subject": QUOTED,
                "body_text": "B",
            }
        ],
    )


def test_rows_of_three_tables_are_one_statement_on_postgresql_with_their_defaults(app, ward, statements):
    with app.app_context():
        report_id = make_report(ward=ward).id
        statements.clear()
        with rows_together():
            write_three_tables(report_id)
            assert statements == []  # nothing yet: the block writes as it ends
        session.commit()
        writes = [s for s in statements if "INSERT INTO" in s]
        if db.engine.dialect.name == "postgresql":
            assert len(writes) == 1 and writes[0].startswith("WITH ")
        else:
            assert len(writes) == 3
        note = session.scalars(select(CaseEvent).where(CaseEvent.kind == "note")).one()
        assert note.created_at is not None and note.text is None and note.public is False
        email = session.scalars(select(OutboxMessage)).one()
        assert (email.status, email.attempts) == ("pending", 0)  # the model's defaults
        assert email.subject == QUOTED  # a bound parameter, stored as typed
        assert email.next_attempt_at is not None
        found = session.execute(select(ReportIdentifier.kind, ReportIdentifier.value).order_by(ReportIdentifier.kind))
        assert found.all() == [("email", "a@example.com"), ("phone", "+447700900123")]


def test_an_error_in_the_block_writes_nothing(app, ward):
    with app.app_context():
        report_id = make_report(ward=ward).id
        with pytest.raises(RuntimeError), rows_together():
            write_three_tables(report_id)
            raise RuntimeError("the email could not be composed")
        session.commit()
        assert session.scalars(select(OutboxMessage)).all() == []
        assert session.scalars(select(ReportIdentifier)).all() == []


def test_a_public_table_is_written_where_the_public_contents_events_see_it(app, ward):
    with app.app_context():
        before = public_content.version()
        borough_id = session.scalars(select(Ward)).one().borough_id
        report_id = make_report(ward=ward).id
        with rows_together():
            insert_rows(
                Ward, [{"code": "E05099999", "name": "Test Ward", "slug": "test-ward", "borough_id": borough_id}]
            )
            write_three_tables(report_id)
        session.commit()
        assert public_content.version() != before


def test_a_claim_takes_the_new_rows_id_on_postgresql_and_the_report_is_written_with_its_rows(app, ward, statements):
    claim_draft = (
        (update(ReportDraft).where(ReportDraft.id == bindparam("draft"), ReportDraft.submitted_at.is_(None)))
        .values(submitted_at=bindparam("now"))
        .returning(ReportDraft.id)
    )
    with app.app_context():
        draft = ReportDraft(
            token_hash="a" * 64, report_type="anti-social-behaviour", answers={}, expires_at=clock.now()
        )
        session.add(draft)
        session.commit()
        statements.clear()
        claimed = claim(claim_draft, {"draft": draft.id, "now": clock.now()}, Report)
        postgresql = db.engine.dialect.name == "postgresql"
        assert claimed is not None and claimed.returned.id == draft.id
        report_id = claimed.new_id
        assert (report_id is not None) == postgresql
        values = {"reference": "HKR7M3XQ9TB4", "report_type": "anti-social-behaviour", "status": "received"}
        values |= {"submitted_at": clock.now(), "answers": {}, "unsafe_channels": []}
        with rows_together():
            report = insert_object(Report, {**({"id": report_id} if postgresql else {}), **values})
            write_three_tables(report.id)
        session.commit()
        writes = [s for s in statements if "INSERT INTO" in s]
        assert len(writes) == (1 if postgresql else 4)
        stored = session.get(Report, report.id)
        assert stored.reference == "HKR7M3XQ9TB4" and stored.anonymous is False  # a column default
        assert len(session.scalars(select(ReportIdentifier).where(ReportIdentifier.report_id == report.id)).all()) == 2
        # A second claim of the same row matches nothing and takes no id.
        assert claim(claim_draft, {"draft": draft.id, "now": clock.now()}, Report) is None
