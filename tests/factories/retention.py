"""Records of every kind the retention schedule covers, with their clocks set where a test wants them:
make_evidence(report=...), make_outbox(...), make_sign_in(...), ... and snapshot() of the whole database."""

from __future__ import annotations

import itertools
import secrets
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import (
    AuditEvent,
    Base,
    Evidence,
    LegalHold,
    OutboxMessage,
    PriorityFeedback,
    Report,
    ReportDraft,
    ReportIdentifier,
    StaffEnrolmentLink,
    StaffSession,
    StaffUser,
    SubjectAccessRequest,
    TrackSession,
    TrackSignInToken,
    Ward,
)
from portal.services.evidence import storage_for
from portal.services.mail import links

_counter = itertools.count(1)


def _add(row: Any) -> Any:
    session.add(row)
    session.commit()
    return row


def make_evidence(
    report: Report | None = None, draft: ReportDraft | None = None, data: bytes | None = None, **columns: Any
) -> Evidence:
    """A file whose bytes really are in the evidence store (EVIDENCE_STORAGE_URL)."""
    n = next(_counter)
    body = data or f"evidence file {n}".encode()
    key = storage_for(current_app).put(body)
    values: dict[str, Any] = {
        "display_name": f"photo-{n}.jpg",
        "size": len(body),
        "mime": "image/jpeg",
        "kind": "image",
        "sha256": f"{n:064x}",
        "scan_status": "clean",
        "quarantined": False,
        "uploaded_by": "reporter",
        "uploaded_at": clock.now(),
    }
    values.update(columns)
    return _add(
        Evidence(
            report_id=report.id if report else None, draft_id=draft.id if draft else None, storage_key=key, **values
        )
    )


def make_draft(at: datetime) -> ReportDraft:
    return _add(
        ReportDraft(
            token_hash=secrets.token_hex(32),
            report_type="anti-social-behaviour",
            answers={},
            expires_at=at,
            created_at=at,
            updated_at=at,
        )
    )


def make_outbox(
    at: datetime,
    to: str = "someone@example.com",
    status: str = "sent",
    report: Report | None = None,
    subject: str | None = None,
) -> OutboxMessage:
    n = next(_counter)
    return _add(
        OutboxMessage(
            message_id=f"<{n}.{secrets.token_hex(4)}@example.org>",
            kind="report-confirmation",
            to_address=to,
            subject=subject or f"Message {n}",
            body_text=f"Body of message {n}",
            status=status,
            attempts=1,
            next_attempt_at=at,
            created_at=at,
            updated_at=at,
            link_kind=links.TRACK_SIGN_IN if report else None,
            link_for_id=report.id if report else None,
        )
    )


def make_sign_in(report: Report, at: datetime) -> TrackSignInToken:
    return _add(TrackSignInToken(token_hash=secrets.token_hex(32), report_id=report.id, created_at=at, expires_at=at))


def make_case_session(report: Report, at: datetime) -> TrackSession:
    return _add(TrackSession(token_hash=secrets.token_hex(32), report_id=report.id, created_at=at, last_seen_at=at))


def make_staff_session(staff: StaffUser, at: datetime) -> StaffSession:
    return _add(
        StaffSession(
            token_hash=secrets.token_hex(32), staff_id=staff.id, created_at=at, last_seen_at=at, failed_codes=0
        )
    )


def make_enrolment_link(staff: StaffUser, at: datetime) -> StaffEnrolmentLink:
    return _add(
        StaffEnrolmentLink(
            token_hash=secrets.token_hex(32), staff_id=staff.id, created_at=at, expires_at=at, used_at=at
        )
    )


def make_feedback(ward: Ward, at: datetime, comment: str | None = "More patrols please") -> PriorityFeedback:
    return _add(PriorityFeedback(ward_id=ward.id, issues="burglary,speeding", comment=comment, created_at=at))


def make_access_request(at: datetime, completed: bool = True, email: str = "asker@example.com"):
    return _add(
        SubjectAccessRequest(
            email=email,
            received_on=at.date(),
            due_on=at.date(),
            created_at=at,
            completed_at=at if completed else None,
        )
    )


def make_audit(at: datetime) -> AuditEvent:
    return _add(AuditEvent(occurred_at=at, action="report.viewed", target_type="report", target_id="1"))


def make_identifier(report: Report, kind: str, value: str, source: str) -> ReportIdentifier:
    return _add(ReportIdentifier(report_id=report.id, kind=kind, value=value, source=source))


def hold(report: Report, reason: str = "Civil claim pending", lifted_at: datetime | None = None) -> LegalHold:
    return _add(LegalHold(report_id=report.id, reason=reason, placed_at=clock.now(), lifted_at=lifted_at))


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary key order: two equal snapshots mean nothing changed."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        rows[table.name] = [tuple(row) for row in session.execute(query)]
    return rows
