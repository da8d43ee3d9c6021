"""Which drafts this browser is working on: their tokens, kept in the signed session cookie by report type.

The drafts themselves are rows (services/reporting/drafts.py); the cookie only points at them, so closing the
browser loses nothing that a "save and come back later" link cannot bring back.
"""

from __future__ import annotations

from typing import Any

from flask import session

from portal.models import ReportDraft
from portal.services.reporting import drafts

SESSION_KEY = "report_drafts"


def current(report_type: str) -> ReportDraft | None:
    """The draft of this type that the browser's session is working on, if any."""
    draft = drafts.find(session.get(SESSION_KEY, {}).get(report_type))
    return draft if draft is not None and draft.report_type == report_type else None


def current_or_new(report_type: str) -> ReportDraft:
    draft = current(report_type)
    if draft is None or draft.submitted_at is not None:
        draft, token = drafts.new(report_type)
        remember(report_type, token)
    return draft


def save_answer(report_type: str, step_id: str, answer: Any) -> ReportDraft:
    """Keep one step's answer in this browser's draft of `report_type`, starting a draft on the first answer."""
    draft = current_or_new(report_type)
    drafts.save_answer(draft, step_id, answer)
    return draft


def start_with(report_type: str, answers: dict[str, Any]) -> ReportDraft:
    """Start a draft of `report_type` in this browser holding `answers` already given elsewhere (it replaces any
    draft of the type the browser was working on; that one can still be continued from a saved link)."""
    draft, token = drafts.start(report_type, answers)
    remember(report_type, token)
    return draft


def resume(token: str) -> ReportDraft | None:
    """Continue a draft from its emailed link in this browser (the link then stops working)."""
    resumed = drafts.resume(token)
    if resumed is None:
        return None
    draft, fresh = resumed
    remember(draft.report_type, fresh)
    return draft


def remember(report_type: str, token: str) -> None:
    tokens = dict(session.get(SESSION_KEY, {}))
    tokens[report_type] = token
    session[SESSION_KEY] = tokens


def forget(report_type: str) -> None:
    tokens = dict(session.get(SESSION_KEY, {}))
    tokens.pop(report_type, None)
    session[SESSION_KEY] = tokens
