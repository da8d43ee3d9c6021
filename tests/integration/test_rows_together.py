"""Rows written together (portal.db_writes.rows_together): on PostgreSQL one statement for rows of several tables,
with the same values and defaults as each table's own INSERT; nothing written when the block fails; the public
content's tables still written where its session events see them; a claim leading the rows it lets the caller
write, in the same statement on PostgreSQL, and none of them written when it matches nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import bindparam, event, func, select, update

from portal.core import clock
from portal.db import db, session
from portal.db_writes import NotClaimed, Returned, claiming, insert_object, insert_rows, rows_together
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


def test_a_claim_leads_its_rows_in_one_statement_on_postgresql_and_gives_them_what_it_returns(app, ward, statements):
    claim_draft = (
        (update(ReportDraft).where(ReportDraft.id == bindparam("draft"), ReportDraft.submitted_at.is_(None)))
        .values(submitted_at=bindparam("now"), updated_at=bindparam("now"))
        .returning(ReportDraft.id, (ReportDraft.id > 0).label("positive"))
    )
    with app.app_context():
        draft = ReportDraft(
            token_hash="a" * 64, report_type="anti-social-behaviour", answers={}, expires_at=clock.now()
        )
        session.add(draft)
        session.commit()
        statements.clear()
        postgresql = db.engine.dialect.name == "postgresql"
        values = {"reference": "HKR7M3XQ9TB4", "report_type": "anti-social-behaviour", "status": "received"}
        values |= {"submitted_at": clock.now(), "answers": {}, "unsafe_channels": []}
        with claiming(claim_draft, {"draft": draft.id, "now": clock.now()}, Report) as claim:
            assert isinstance(claim["id"], Returned) == postgresql
            new_id = {"id": claim.new_id} if claim.new_id is not None else {}
            report = insert_object(Report, {**new_id, **values, "flag_contact_safety": claim["positive"]})
            write_three_tables(report.id)
        session.commit()
        writes = [s for s in statements if "INSERT INTO" in s or "UPDATE REPORT_DRAFT" in s]
        # PostgreSQL: the claim and the four rows, one statement; SQLite: the claim, then one statement a row.
        assert len(writes) == (1 if postgresql else 5)
        assert writes[0].startswith("WITH CLAIMED AS (UPDATE REPORT_DRAFT" if postgresql else "UPDATE REPORT_DRAFT")
        # The object is the stored row, with what the claim returned.
        assert isinstance(report.id, int) and report.flag_contact_safety is True
        session.expunge_all()
        stored = session.get(Report, report.id)
        assert stored.reference == "HKR7M3XQ9TB4" and stored.anonymous is False  # a column default
        assert stored.flag_contact_safety is True
        assert session.get(ReportDraft, draft.id).submitted_at is not None
        assert len(session.scalars(select(ReportIdentifier).where(ReportIdentifier.report_id == report.id)).all()) == 2
        assert session.scalar(select(CaseEvent.report_id).where(CaseEvent.kind == "note")) == report.id


def test_rows_led_by_a_claim_that_matches_nothing_are_not_written(app, ward):
    claim_draft = (
        (update(ReportDraft).where(ReportDraft.id == bindparam("draft"), ReportDraft.submitted_at.is_(None)))
        .values(submitted_at=bindparam("now"), updated_at=bindparam("now"))
        .returning(ReportDraft.id)
    )
    with app.app_context():
        draft = ReportDraft(
            token_hash="b" * 64, report_type="anti-social-behaviour", answers={}, expires_at=clock.now()
        )
        draft.submitted_at = clock.now()  # already sent: a second claim matches nothing
        session.add(draft)
        session.commit()
        values = {"reference": "HKR7M3XQ9TB5", "report_type": "anti-social-behaviour", "status": "received"}
        values |= {"submitted_at": clock.now(), "answers": {}, "unsafe_channels": []}
        with pytest.raises(NotClaimed):
            with claiming(claim_draft, {"draft": draft.id, "now": clock.now()}, Report) as claim:
                new_id = {"id": claim.new_id} if claim.new_id is not None else {}
                report = insert_object(Report, {**new_id, **values})
                write_three_tables(report.id)
        session.rollback()
        assert session.scalar(select(func.count()).select_from(Report)) == 0
        for model in (CaseEvent, ReportIdentifier, OutboxMessage):
            assert session.scalar(select(func.count()).select_from(model)) == 0
