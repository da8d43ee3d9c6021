"""Removing personal data, shared by the disposal job, erasure and review decisions. Every function works inside
the caller's transaction and never commits, so a batch (or an erasure) is all or nothing in the database.

Evidence bytes are deleted from the store BEFORE their rows: if anything fails after that, the transaction rolls back
and the rows remain, pointing at objects already gone, and the next run deletes them again (deleting a missing key is
not an error) and then the rows. The other order could leave bytes that nothing points at, never to be deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from flask import current_app
from sqlalchemy import ColumnElement, delete, or_, select, update

from portal import sqlite
from portal.db import session
from portal.models import (
    CaseEvent,
    CaseTriage,
    Evidence,
    OutboxMessage,
    Report,
    ReportIdentifier,
    TrackSession,
    TrackSignInToken,
    report_count,
)
from portal.services.evidence import storage_for
from portal.services.mail import links

# What an anonymised report's stored record becomes: no answers, so no page shows any and no identifier is rebuilt.
ANONYMISED_ANSWERS = {"answers": {}, "sections": [], "anonymised": True}
_NOTES = ("threat_note", "harm_note", "risk_note", "investigation_note", "vulnerability_note", "engagement_note")


def begin_writing() -> None:
    """On SQLite, take the write lock now rather than at the first write, so the rows read before writing (the
    reports' counted columns, the records found due) cannot change meanwhile. PostgreSQL locks the rows it reads
    FOR UPDATE instead."""
    raw = session.connection().connection.dbapi_connection
    if session.get_bind().dialect.name == "sqlite" and raw is not None and not raw.in_transaction:
        sqlite.begin_write(raw)


def remove_evidence(which: ColumnElement[bool]) -> int:
    """Delete the files `which` selects: their objects in the store, then their rows. Returns how many."""
    rows = session.execute(select(Evidence.id, Evidence.storage_key, Evidence.preview_key).where(which)).all()
    if not rows:
        return 0
    store = storage_for(current_app)
    for _id, key, preview in rows:
        for stored in (key, preview):
            if stored:
                store.delete(stored)
    ids = [row[0] for row in rows]
    session.execute(delete(Evidence.__table__).where(Evidence.__table__.c.id.in_(ids)))
    return len(ids)


def delete_reports(ids: Sequence[int]) -> dict[str, int]:
    """Delete reports and everything attached to them (the database cascades the rest), keeping the queue's counts
    exact: a bulk DELETE bypasses the session events that count reports (portal/models/report_count.py)."""
    files = remove_evidence(Evidence.report_id.in_(ids))
    columns = [getattr(Report, name) for name in report_count.KEY_COLUMNS]
    deltas: Counter[report_count.CountKey] = Counter()
    for row in session.execute(select(*columns).where(Report.id.in_(ids)).with_for_update()):
        for key in report_count.count_keys(row):
            deltas[key] -= 1
    report_count.apply(session.connection(), deltas)
    deleted = session.execute(delete(Report.__table__).where(Report.__table__.c.id.in_(ids))).rowcount
    return {"reports deleted": int(deleted or 0), "evidence files deleted": files}


def delete_emails_about(reference: str) -> int:
    """Emails still in the outbox that name a report (its confirmation, updates): they go with an erased report, sent
    or not. Read by their subject and text, as only emails carrying a sign-in link name their report by id."""
    outbox = OutboxMessage.__table__
    names = or_(
        outbox.c.subject.contains(reference, autoescape=True), outbox.c.body_text.contains(reference, autoescape=True)
    )
    return int(session.execute(delete(outbox).where(names)).rowcount or 0)


def anonymise_reports(ids: Sequence[int], now: datetime) -> dict[str, int]:
    """Remove the personal details of reports, keeping what statistics count: type, category, status, outcome, ward,
    dates, flags and grading. Their files, identifiers, sign-in links, case sessions and the emails carrying links go;
    their history keeps its events without their words."""
    files = remove_evidence(Evidence.report_id.in_(ids))
    for model in (ReportIdentifier, TrackSignInToken, TrackSession):
        session.execute(delete(model.__table__).where(model.__table__.c.report_id.in_(ids)))
    outbox = OutboxMessage.__table__
    session.execute(delete(outbox).where(outbox.c.link_kind == links.TRACK_SIGN_IN, outbox.c.link_for_id.in_(ids)))
    events = CaseEvent.__table__
    session.execute(update(events).where(events.c.report_id.in_(ids)).values(text=None))
    triage = CaseTriage.__table__
    session.execute(update(triage).where(triage.c.report_id.in_(ids)).values(reason="", **dict.fromkeys(_NOTES, None)))
    table = Report.__table__
    done = session.execute(
        update(table)
        .where(table.c.id.in_(ids), table.c.anonymised_at.is_(None))
        .values(
            reporter_name=None,
            reporter_email=None,
            reporter_phone=None,
            preferred_contact=None,
            contact_times=None,
            unsafe_channels=[],
            place_description=None,
            postcode=None,
            answers=ANONYMISED_ANSWERS,
            attention_reason=None,
            anonymised_at=now,
        )
    ).rowcount
    return {"reports anonymised": int(done or 0), "evidence files deleted": files}
