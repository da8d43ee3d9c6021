"""Case sessions (security check 10): a victim's browser holds a random token in an HttpOnly cookie limited to
/track; the database holds its digest and the one report it opens. Idle and absolute timeouts, and signing out,
end the row, so a copied cookie then opens nothing.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import select

from portal.db import session
from portal.models import Report
from portal.models.tracking import TrackSession
from portal.services.tracking import clock, settings, tokens

COOKIE_PATH = "/track"
_UNSET = object()


def init_app(app: Flask) -> None:
    app.before_request(_forget_previous_request)
    app.after_request(_write_cookie)


def _forget_previous_request() -> None:
    # g outlives a request when an application context is already open (tests, the CLI): start clean.
    for key in ("track_session", "track_cookie", "track_session_ended"):
        g.pop(key, None)


def start(report: Report) -> TrackSession:
    """Open a session for `report` under a fresh token, ending any case session this browser already had."""
    end_current("replaced")
    token, token_hash = tokens.new_token()
    now = clock.now()
    row = TrackSession(token_hash=token_hash, report_id=report.id, created_at=now, last_seen_at=now)
    session.add(row)
    session.commit()
    g.track_cookie = token
    g.track_session = row
    return row


def current() -> TrackSession | None:
    """This request's live case session, or None. Looked up once per request; refreshes the idle timer."""
    if not has_request_context():
        return None
    cached = g.get("track_session", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    row = _lookup(request.cookies.get(settings.get("TRACK_SESSION_COOKIE_NAME")))
    g.track_session = row
    return row


def current_report() -> Report | None:
    """The report the current victim session opens, or None."""
    row = current()
    return session.get(Report, row.report_id) if row is not None else None


def ended_reason() -> str | None:
    return g.get("track_session_ended")


def end_current(reason: str) -> None:
    row = current()
    if row is not None:
        row.ended_at, row.ended_reason = clock.now(), reason
        session.commit()
    if has_request_context():
        g.track_session = None
        g.track_cookie = None


def _lookup(token: str | None) -> TrackSession | None:
    if not token or len(token) > tokens.MAX_TOKEN_LENGTH:
        return None
    row = session.scalar(
        select(TrackSession).where(TrackSession.token_hash == tokens.digest(token), TrackSession.ended_at.is_(None))
    )
    if row is None:
        g.track_cookie = None  # stale or forged: clear it
        return None
    now = clock.now()
    idle = timedelta(seconds=int(settings.get("TRACK_IDLE_TIMEOUT_SECONDS")))
    absolute = timedelta(seconds=int(settings.get("TRACK_ABSOLUTE_TIMEOUT_SECONDS")))
    reason = None
    if clock.aware(row.last_seen_at) + idle <= now:
        reason = "idle"
    elif clock.aware(row.created_at) + absolute <= now:
        reason = "absolute"
    if reason:
        row.ended_at, row.ended_reason = now, reason
        session.commit()
        g.track_session_ended = reason
        g.track_cookie = None
        return None
    row.last_seen_at = now
    session.commit()
    return row


def _write_cookie(response: Response) -> Response:
    token = g.get("track_cookie", _UNSET)
    if token is _UNSET:
        return response
    name = settings.get("TRACK_SESSION_COOKIE_NAME")
    if token is None:
        response.delete_cookie(name, path=COOKIE_PATH)
    else:
        response.set_cookie(
            name,
            str(token),
            path=COOKIE_PATH,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response
