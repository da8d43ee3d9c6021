"""Response headers every page carries (security check 27), the per-request CSP nonce, and the same-origin check on
every state-changing request (check 26, with the CSRF token)."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from flask_wtf.csrf import CSRFError

CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'nonce-{nonce}'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)


def csp_nonce() -> str:
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def no_store() -> None:
    """Mark the current response as personal: never cached by the browser or a proxy."""
    g.no_store = True


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(refuse_cross_site)
    app.after_request(_security_headers)


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def refuse_cross_site() -> None:
    """Refuse a state-changing request that a browser says came from another site (docs/adr/0006).

    This replaces Flask-WTF's strict referrer check (WTF_CSRF_SSL_STRICT), which refuses every HTTPS POST without a
    Referer header. Browsers say where a request came from in Sec-Fetch-Site (all current ones, over HTTPS) and in
    Origin (on every POST); Referer is the fallback for older ones. A request with none of the three is not from a
    browser that could be tricked into sending it, and still needs the CSRF token like every other.
    """
    if request.method not in UNSAFE_METHODS:
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        if fetch_site not in ("same-origin", "none"):
            raise CSRFError("The request came from another site.")
        return
    source = request.headers.get("Origin") or request.referrer
    if source is not None and not _same_origin(source, request.host_url):
        raise CSRFError("The request came from another site.")


def _same_origin(url: str, own: str) -> bool:
    theirs, ours = urlsplit(url), urlsplit(own)
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    # A response that set its own stricter policy (an evidence download's sandbox) keeps it.
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = "; ".join(CSP_DIRECTIVES).format(nonce=csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    # same-origin: our own pages tell us where a form was posted from; no other site ever learns our URLs.
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds:
        headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    if g.get("no_store"):
        headers["Cache-Control"] = "no-store"
    return response
