"""Which responses a browser or a shared cache (nginx, a CDN) may keep, and for how long (docs/adr/0009).

A view marked `public_page` shows the same page to every visitor without a cookie of ours: it sets no cookie, and
its Content-Security-Policy has no per-request value. Asked for by such a visitor, it is sent with
`Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE, stale-while-revalidate=PUBLIC_PAGE_STALE_SECONDS` and a strong
ETag, and a matching If-None-Match gets 304. Everything else keeps the rules it had:

- a request carrying one of the portal's cookies (signed-in staff, a victim's case session, anyone with a report in
  progress) gets `no-store`, even for a public page: what they see is theirs to keep or not, never a cache's;
- a response that sets a cookie is `no-store`: a page that issues a CSRF token is not the same for everyone;
- `no_store()` (portal/web/security.py) marks a response personal whatever else holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request, session

from portal.services import public_content, rendered_pages

View = TypeVar("View", bound=Callable[..., Any])
_PUBLIC: set[Callable[..., Any]] = set()
# What the application tells the page cache (portal/web/page_cache.py) about a public page, in the WSGI environ.
ROUTE_KEY = "portal.route"
VERSION_KEY = "portal.public_content_version"


def public_page(view: View) -> View:
    """Declare a page anyone may be shown from a cache: it must not depend on who asks, nor set a cookie."""
    _PUBLIC.add(view)
    return view


def is_public_page() -> bool:
    endpoint = request.endpoint
    return endpoint is not None and current_app.view_functions.get(endpoint) in _PUBLIC


def cookie_names(app: Flask) -> tuple[str, ...]:
    """The cookies the portal sets: the session (CSRF tokens, reports in progress), staff and victims' sessions."""
    return tuple(
        str(app.config[name])
        for name in ("SESSION_COOKIE_NAME", "STAFF_SESSION_COOKIE_NAME", "TRACK_SESSION_COOKIE_NAME")
    )


def etag_of(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def rendered(key: str, render: Callable[[], str]) -> str:
    """`render()`, made once per version of the public content by whichever process asks first
    (services/rendered_pages.py), for a page that changes with nothing else."""
    found = rendered_pages.page(f"rendered {key}", lambda: rendered_pages.Rendered(render()))
    assert found is not None  # a rendering that always exists
    return found.html


def init_app(app: Flask) -> None:
    app.before_request(_note_version)
    app.after_request(_cache_headers)


def _note_version() -> None:
    """Before a public page is made, the version of the public content it is made from (at least), for the page
    cache to keep it under."""
    if current_app.config["WARD_PAGE_CACHE_SECONDS"] and is_public_page():
        request.environ[VERSION_KEY] = public_content.version()


def _sets_cookie(response: Response) -> bool:
    # Flask writes its own session cookie after every after_request function: a modified session will set one.
    return "Set-Cookie" in response.headers or session.modified


def _cache_headers(response: Response) -> Response:
    if g.get("no_store") or _sets_cookie(response):
        response.headers["Cache-Control"] = "no-store"
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or not is_public_page():
        return response
    if any(name in request.cookies for name in cookie_names(current_app)):
        response.headers["Cache-Control"] = "no-store"
        return response
    # Flask adds "Vary: Cookie" to any response whose session was looked at, and Flask-Login looks at it after every
    # request (for a remember-me cookie the portal never sets). A public page shows nothing from the session: that is
    # what `public_page` declares, and a visitor with a cookie of ours gets no-store above, so no Vary is needed.
    session.accessed = False
    config = current_app.config
    response.headers["Cache-Control"] = (
        f"public, max-age={config['PUBLIC_PAGE_MAX_AGE']}, stale-while-revalidate={config['PUBLIC_PAGE_STALE_SECONDS']}"
    )
    response.set_etag(etag_of(response.get_data()))
    # For the page cache's access log lines: the route, as the application's own line names it.
    request.environ[ROUTE_KEY] = request.url_rule.rule if request.url_rule is not None else request.path
    return response.make_conditional(request)
