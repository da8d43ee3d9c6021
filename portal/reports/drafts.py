"""Which drafts this browser is working on: their tokens, kept in the signed session cookie by report type, each
with when it was last used (portal/reports/pointers.py). A pointer not used for REPORT_DRAFT_POINTER_SECONDS stops
working, so the next person at a shared computer does not find someone's report half written.

The drafts themselves are rows (services/reporting/drafts.py); the cookie only points at them, so closing the
browser loses nothing that a "save and come back later" link cannot bring back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, session

from portal.core import clock
from portal.models import Report, ReportDraft
from portal.reports import pointers
from portal.services.reporting import drafts

SESSION_KEY = "report_drafts"


def current(report_type: str) -> ReportDraft | None:
    """The draft of this type that the browser's session is working on, if any."""
    draft = drafts.find(_token(report_type))
    return draft if draft is not None and draft.report_type == report_type else None


def just_sent(report_type: str) -> Report | None:
    """The report this browser's draft of `report_type` became, while its confirmation may be shown: sent within
    REPORT_CONFIRMATION_SECONDS. Sending writes nothing to the session (the draft row records it): the pointer, fresh
    when the draft was sent, is read with both lifetimes, and the moment of sending decides."""
    window = int(current_app.config["REPORT_CONFIRMATION_SECONDS"])
    token = _token(report_type, extra_seconds=window)
    return drafts.sent_report(token, report_type, since=clock.now() - timedelta(seconds=window))


def _token(report_type: str, extra_seconds: int = 0) -> str | None:
    remembered = session.get(SESSION_KEY, {})
    entry = remembered.get(report_type) if isinstance(remembered, dict) else None
    return pointers.fresh(entry, int(current_app.config["REPORT_DRAFT_POINTER_SECONDS"]) + extra_seconds)


def pointer(token: str) -> dict[str, Any]:
    """What the session keeps for a draft: its token, stamped now."""
    return pointers.stamped(token)


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
    token = _token(report_type)
    if token is not None:
        remember(report_type, token)  # in use: the pointer's time starts again
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
    remembered = session.get(SESSION_KEY, {})
    tokens = dict(remembered) if isinstance(remembered, dict) else {}
    tokens[report_type] = pointer(token)
    session[SESSION_KEY] = tokens


def forget(report_type: str) -> None:
    remembered = session.get(SESSION_KEY, {})
    tokens = dict(remembered) if isinstance(remembered, dict) else {}
    tokens.pop(report_type, None)
    session[SESSION_KEY] = tokens
