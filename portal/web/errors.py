"""Friendly error pages in the service's style, each with a correlation id and never a stack trace (check 28)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("portal.web.errors")

# Status → (title, explanation). The explanation says what the person can do next.
PAGES: dict[int, tuple[str, str]] = {
    400: (
        "Sorry, there is a problem with that request",
        "The page could not understand what was sent. If you were filling in a form, go back, refresh the page "
        "and try again. Your saved answers have not been lost.",
    ),
    403: ("You cannot see this page", "You do not have permission to view this page."),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted the web address, check you copied the "
        "entire address.",
    ),
    405: ("Sorry, that action is not possible here", "Go back to the previous page and use the buttons on the page."),
    413: (
        "The file you sent is too large",
        "What you sent was bigger than we can accept. Go back and choose a smaller file. Anything you had already "
        "added has been kept.",
    ),
    429: (
        "You have tried too many times",
        "For your security we have paused this for a while. Wait a few minutes and try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Anything you had already saved has not been lost.",
    ),
}


def init_app(app: Flask, recover: Callable[[], None]) -> None:
    """`recover` puts the request's resources right after an unexpected error (the database session's rollback), so
    the error page itself can still be shown."""
    for status in PAGES:
        app.register_error_handler(status, _handle_http_error)
    app.register_error_handler(Exception, lambda error: _handle_unexpected(error, recover))


# The layout an error page takes under a part of the site that has its own (first match), and the page "home" means.
LAYOUTS: tuple[tuple[str, str, str], ...] = (("/staff/", "staff/layout.html", "staff.home"),)
PUBLIC = ("layouts/base.html", "public.home")


def render_error(status: int):
    title, explanation = PAGES.get(status, PAGES[500])
    own = next(((layout, home) for prefix, layout, home in LAYOUTS if request.path.startswith(prefix)), None)
    # Its own layout first; the public one if that fails (the staff header reads the database, which may be down).
    for layout, home in [own, PUBLIC] if own else [PUBLIC]:
        try:
            page = render_template(
                "errors/error.html", layout=layout, home=home, status=status, title=title, explanation=explanation
            )
        except Exception:  # noqa: BLE001 - the page template itself failed; still never show a stack trace
            log.exception("error page failed to render")
        else:
            return page, status
    return f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{explanation}</p>", status


def _handle_http_error(error: HTTPException):
    status = error.code or 500
    if status >= 500:
        log.error("server error %s", status)
    return render_error(status if status in PAGES else 500)


def _handle_unexpected(error: Exception, recover: Callable[[], None]):
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return _handle_http_error(error)
    # The exception type and traceback go to the log under the correlation id; the page shows only the id.
    log.exception("unhandled %s", type(error).__name__)
    try:
        recover()
    except Exception:  # noqa: BLE001 - the database may be the thing that failed
        log.warning("rollback after error failed")
    return render_error(500)
