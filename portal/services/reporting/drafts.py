"""Drafts: a report in progress kept in the database. The browser holds only an opaque token (in its session, or in
a "save and come back later" link); the database keeps the token's digest. Drafts expire 30 days after the last
change, and the retention schedule's daily job deletes them (services/retention/)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from portal.core import clock, tokens
from portal.core.clock import aware
from portal.db import session
from portal.models import Report, ReportDraft


def lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["DRAFT_LIFETIME_DAYS"]))


# Built once: every report page looks its draft up, and a prepared statement skips rebuilding the query each time.
_BY_HASH = select(ReportDraft).where(ReportDraft.token_hash == bindparam("token_hash"))


def find(token: str | None) -> ReportDraft | None:
    """The live draft `token` names, or None."""
    if not tokens.plausible(token):
        return None
    draft = session.scalar(_BY_HASH, {"token_hash": tokens.digest(token or "")})
    if draft is None or aware(draft.expires_at) <= clock.now():
        return None
    return draft


# The report a draft became: the draft keeps the token the browser holds, the report its draft's id.
_SENT = (
    select(Report)
    .join(ReportDraft, ReportDraft.id == Report.draft_id)
    .where(
        ReportDraft.token_hash == bindparam("token_hash"),
        ReportDraft.report_type == bindparam("report_type"),
        Report.submitted_at >= bindparam("since"),
    )
)


def sent_report(token: str | None, report_type: str, since: datetime) -> Report | None:
    """The report of `report_type` that the draft `token` names became, if it was sent at or after `since`."""
    if not tokens.plausible(token):
        return None
    return session.scalar(_SENT, {"token_hash": tokens.digest(token or ""), "report_type": report_type, "since": since})


def new(report_type: str) -> tuple[ReportDraft, str]:
    """A new draft (added to the session, not yet committed) and the token that names it."""
    token, digest = tokens.new_token()
    draft = ReportDraft(token_hash=digest, report_type=report_type, answers={}, expires_at=clock.now() + lifetime())
    session.add(draft)
    return draft, token


def start(report_type: str, answers: dict[str, Any]) -> tuple[ReportDraft, str]:
    """A new draft that already holds some answers (carried from "Where do I report this?" or the found property
    guide), and its token. The journey skips the steps answered. Commits."""
    draft, token = new(report_type)
    draft.answers = dict(answers)
    session.commit()
    return draft, token


def save_answer(draft: ReportDraft, step_id: str, answer: Any) -> None:
    # A new dict, so SQLAlchemy sees the JSON column change.
    draft.answers = {**draft.answers, step_id: answer}
    draft.expires_at = clock.now() + lifetime()
    session.commit()


def new_link_token(draft: ReportDraft) -> str:
    """A fresh token for an emailed link. The old token stops working."""
    token, digest = tokens.new_token()
    draft.token_hash = digest
    draft.expires_at = clock.now() + lifetime()
    return token


def resume_link(draft_id: int) -> str | None:
    """A fresh "continue your report" URL for the draft, issued as its email is sent (services/mail/links.py): the
    token's digest joins the caller's transaction and replaces any earlier link's. None when the draft is gone,
    expired or sent."""
    draft = session.get(ReportDraft, draft_id)
    if draft is None or draft.submitted_at is not None or aware(draft.expires_at) <= clock.now():
        return None
    token, digest = tokens.new_token()
    draft.resume_token_hash = digest
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + f"/report/resume/{token}"


def resume(token: str) -> tuple[ReportDraft, str] | None:
    """Continue a draft from an emailed link on this device. The link works once; the browser gets a new token of
    its own (any other browser's stops working)."""
    if not tokens.plausible(token):
        return None
    draft = session.scalar(select(ReportDraft).where(ReportDraft.resume_token_hash == tokens.digest(token)))
    if draft is None or draft.submitted_at is not None or aware(draft.expires_at) <= clock.now():
        return None
    draft.resume_token_hash = None
    fresh = new_link_token(draft)
    session.commit()
    return draft, fresh
