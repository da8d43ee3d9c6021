"""The cookies that carry server-side session tokens: one for staff, one for a victim's case session.

The sessions themselves are rows (portal/core/sessions.py, with each area's rules in its service); this module is
the only place that reads and writes their cookies. A request looks its session up once; whatever the request does
to it (sign in, sign out, a timeout found on the way) is written back as one Set-Cookie in `after_request`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request

from portal.core.sessions import Resolved
from portal.services.staff import sessions as staff_sessions
from portal.services.tracking import sessions as victim_sessions

_UNSET = object()


@dataclass(frozen=True)
class SessionCookie:
    """One kind of session as the browser sees it: a cookie (its name a setting) holding the token of a row."""

    kind: str
    name_setting: str
    path: str
    resolve: Callable[[str | None], Resolved[Any]]
    end_row: Callable[[Any, str], None]

    @property
    def name(self) -> str:
        return str(current_app.config[self.name_setting])

    def current(self) -> Any:
        """This request's live session row, or None. Looked up once per request."""
        if not has_request_context():
            return None
        state = g.get(f"{self.kind}_session", _UNSET)
        if state is _UNSET:
            resolved = self.resolve(request.cookies.get(self.name))
            if resolved.row is None and self.name in request.cookies:
                self._set_token(None)  # stale, forged or timed out: clear it
            g.setdefault(f"{self.kind}_ended", resolved.ended_reason)
            state = resolved.row
            setattr(g, f"{self.kind}_session", state)
        return state

    def ended_reason(self) -> str | None:
        """Why the session this request's cookie named has just ended (idle, absolute, ...), if it did."""
        self.current()
        return g.get(f"{self.kind}_ended")

    def begin(self, row: Any, token: str) -> None:
        """Make `row` this browser's session. Any session it already had ends, so no identifier survives."""
        previous = self.current()
        if previous is not None and previous is not row:
            self.end_row(previous, "replaced")
        setattr(g, f"{self.kind}_session", row)
        self._set_token(token)

    def end(self, reason: str) -> None:
        """End this browser's session (if any) and clear its cookie."""
        row = self.current()
        if row is not None:
            self.end_row(row, reason)
        self.forget()

    def forget(self) -> None:
        """Clear the cookie (the row has already been ended elsewhere)."""
        setattr(g, f"{self.kind}_session", None)
        self._set_token(None)

    def _set_token(self, token: str | None) -> None:
        setattr(g, f"{self.kind}_cookie", token)

    def write(self, response: Response) -> None:
        token = g.get(f"{self.kind}_cookie", _UNSET)
        if token is _UNSET:
            return
        secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
        if token is None:
            if self.name in request.cookies:
                response.delete_cookie(self.name, path=self.path, secure=secure, httponly=True, samesite="Lax")
            return
        # No Max-Age: a browser session cookie. The server decides when the session ends.
        response.set_cookie(self.name, str(token), path=self.path, secure=secure, httponly=True, samesite="Lax")


STAFF = SessionCookie("staff", "STAFF_SESSION_COOKIE_NAME", "/", staff_sessions.resolve, staff_sessions.end)
VICTIM = SessionCookie("victim", "TRACK_SESSION_COOKIE_NAME", "/track", victim_sessions.resolve, victim_sessions.end)
COOKIES = (STAFF, VICTIM)


def init_app(app: Flask) -> None:
    app.before_request(_forget_previous_request)
    app.after_request(_write_cookies)


def _forget_previous_request() -> None:
    # g outlives a request when an application context is already open (tests, the CLI): start clean, Flask-Login's
    # cached user included.
    for cookie in COOKIES:
        for suffix in ("session", "ended", "cookie"):
            g.pop(f"{cookie.kind}_{suffix}", None)
    g.pop("_login_user", None)


def _write_cookies(response: Response) -> Response:
    for cookie in COOKIES:
        cookie.write(response)
    return response
