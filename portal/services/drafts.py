"""Drafts: a report in progress kept in the database. The browser holds only an opaque token, in its session or in
a "save and come back later" link; the database keeps the token's hash. Drafts expire 30 days after the last
change and are purged by `flask --app portal reports purge-drafts`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask import session as cookie_session
from sqlalchemy import bindparam, delete, select

from portal.db import session
from portal.models import ReportDraft
from portal.models.base import aware, utcnow

SESSION_KEY = "report_drafts"
DEFAULT_LIFETIME_DAYS = 30


def lifetime() -> timedelta:
    return timedelta(days=current_app.config.get("DRAFT_LIFETIME_DAYS", DEFAULT_LIFETIME_DAYS))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


# Built once: every report page looks its draft up, and a prepared statement skips rebuilding the query each time.
_BY_HASH = select(ReportDraft).where(ReportDraft.token_hash == bindparam("token_hash"))


def find(token: str | None) -> ReportDraft | None:
    if not token:
        return None
    draft = session.scalar(_BY_HASH, {"token_hash": _hash(token)})
    if draft is None or aware(draft.expires_at) <= utcnow():
        return None
    return draft


def current(report_type: str) -> ReportDraft | None:
    """The draft of this type that the browser's session is working on, if any."""
    draft = find(cookie_session.get(SESSION_KEY, {}).get(report_type))
    return draft if draft is not None and draft.report_type == report_type else None


def _remember(report_type: str, token: str) -> None:
    tokens = dict(cookie_session.get(SESSION_KEY, {}))
    tokens[report_type] = token
    cookie_session[SESSION_KEY] = tokens


def forget(report_type: str) -> None:
    tokens = dict(cookie_session.get(SESSION_KEY, {}))
    tokens.pop(report_type, None)
    cookie_session[SESSION_KEY] = tokens


def current_or_new(report_type: str) -> ReportDraft:
    draft = current(report_type)
    if draft is None or draft.submitted_at is not None:
        token = _new_token()
        draft = ReportDraft(
            token_hash=_hash(token), report_type=report_type, answers={}, expires_at=utcnow() + lifetime()
        )
        session.add(draft)
        _remember(report_type, token)
    return draft


def save_answer(draft: ReportDraft, step_id: str, answer: Any) -> None:
    # A new dict, so SQLAlchemy sees the JSON column change.
    draft.answers = {**draft.answers, step_id: answer}
    draft.expires_at = utcnow() + lifetime()
    session.commit()


def new_link_token(draft: ReportDraft) -> str:
    """A fresh token for an emailed link. The old token stops working; the session keeps the new one too."""
    token = _new_token()
    draft.token_hash = _hash(token)
    draft.expires_at = utcnow() + lifetime()
    _remember(draft.report_type, token)
    return token


def resume(token: str) -> ReportDraft | None:
    """Continue a draft from an emailed link on this device. The link works once: a new token replaces it."""
    draft = find(token)
    if draft is None or draft.submitted_at is not None:
        return None
    new_link_token(draft)
    session.commit()
    return draft


def purge_expired(now: datetime | None = None) -> int:
    from portal.services import evidence_files

    evidence_files.delete_for_expired_drafts(now)  # their files first: a report never sent keeps none
    result = session.execute(delete(ReportDraft).where(ReportDraft.expires_at < (now or utcnow())))
    session.commit()
    return int(result.rowcount or 0)
