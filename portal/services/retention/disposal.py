"""What the disposal job does to one batch of due records, by kind and action. Each handler works inside the batch's
transaction (the job commits it with the batch's audit record) and says what it did, as counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update

from portal.db import allow_audit_disposal, session
from portal.db_writes import insert_rows
from portal.models import AuditEvent, CaseEvent, Evidence, PriorityFeedback, ReportDraft, RetentionReview
from portal.services.cases import events
from portal.services.retention import removal
from portal.services.retention.kinds import KINDS
from portal.services.retention.schedule import ANONYMISE, DELETE, REVIEW, Rule

Counts = dict[str, int]
Handler = Callable[[Rule, Sequence[int], datetime], Counts]


def dispose(rule: Rule, ids: Sequence[int], now: datetime) -> Counts:
    """Apply `rule`'s action to the records `ids` (all due under it). Does not commit."""
    handler = _HANDLERS.get((rule.record_kind, rule.action))
    if handler is None and rule.action == DELETE:
        handler = _delete_rows
    if handler is None:
        raise ValueError(f"no way to {rule.action} {rule.record_kind}")
    return handler(rule, ids, now)


def _delete_rows(rule: Rule, ids: Sequence[int], _now: datetime) -> Counts:
    table = KINDS[rule.record_kind].model.__table__
    deleted = session.execute(delete(table).where(table.c.id.in_(ids))).rowcount
    return {f"{KINDS[rule.record_kind].label.lower()} deleted": int(deleted or 0)}


def _delete_reports(_rule: Rule, ids: Sequence[int], _now: datetime) -> Counts:
    return removal.delete_reports(ids)


def _anonymise_reports(_rule: Rule, ids: Sequence[int], now: datetime) -> Counts:
    return removal.anonymise_reports(ids, now)


def _review_reports(rule: Rule, ids: Sequence[int], now: datetime) -> Counts:
    """Put each report in front of a person (MoPI review): nothing about it changes until they decide."""
    insert_rows(RetentionReview, [{"report_id": i, "rule_code": rule.code, "flagged_at": now} for i in ids])
    note = f"The retention schedule asks for a review ({rule.description.lower()}, {rule.period_text})."
    insert_rows(
        CaseEvent,
        [
            {"report_id": i, "kind": events.RETENTION_REVIEW, "public": False, "text": note, "created_at": now}
            for i in ids
        ],
    )
    return {"reports flagged for review": len(ids)}


def _delete_drafts(_rule: Rule, ids: Sequence[int], _now: datetime) -> Counts:
    files = removal.remove_evidence(Evidence.draft_id.in_(ids))
    table = ReportDraft.__table__
    deleted = session.execute(delete(table).where(table.c.id.in_(ids))).rowcount
    return {"drafts deleted": int(deleted or 0), "evidence files deleted": files}


def _delete_exported_evidence(_rule: Rule, ids: Sequence[int], now: datetime) -> Counts:
    """The portal's copies of files the force's evidence system now holds. Each report's history says which went,
    with the SHA-256 that proves the exported copy is the same file."""
    rows = session.execute(
        select(Evidence.report_id, Evidence.display_name, Evidence.sha256).where(Evidence.id.in_(ids))
    ).all()
    files = removal.remove_evidence(Evidence.id.in_(ids))
    insert_rows(
        CaseEvent,
        [
            {
                "report_id": report_id,
                "kind": events.EVIDENCE_DISPOSED,
                "public": False,
                "text": f"{name} (SHA-256 {sha256}) removed from the portal: the force's evidence system holds it.",
                "created_at": now,
            }
            for report_id, name, sha256 in rows
        ],
    )
    return {"evidence files deleted": files}


def _anonymise_feedback(_rule: Rule, ids: Sequence[int], _now: datetime) -> Counts:
    table = PriorityFeedback.__table__
    done = session.execute(update(table).where(table.c.id.in_(ids)).values(comment=None)).rowcount
    return {"priority feedback comments removed": int(done or 0)}


def _delete_audit_events(_rule: Rule, ids: Sequence[int], _now: datetime) -> Counts:
    """The audit log is append-only to everything else: the ORM refuses changes to it (so this uses the connection),
    and on both databases its trigger refuses deletion unless this connection says it is the disposal job, and then
    only of records at least two years old."""
    connection = session.connection()
    table = AuditEvent.__table__
    with allow_audit_disposal(connection):
        deleted = connection.execute(delete(table).where(table.c.id.in_(ids))).rowcount
    return {"audit records deleted": int(deleted or 0)}


_HANDLERS: dict[tuple[str, str], Handler] = {
    ("reports", DELETE): _delete_reports,
    ("reports", ANONYMISE): _anonymise_reports,
    ("reports", REVIEW): _review_reports,
    ("drafts", DELETE): _delete_drafts,
    ("evidence", DELETE): _delete_exported_evidence,
    ("priority_feedback", ANONYMISE): _anonymise_feedback,
    ("audit_events", DELETE): _delete_audit_events,
}
