"""Response headers every page carries (security check 27), the Content-Security-Policy with the hashes of the only
inline script, and the same-origin check on every state-changing request (check 26, with the CSRF token).

The policy names the inline script by its hash rather than by a per-request nonce, so it is the same for every page
and every visitor: a page can be kept by a cache and served to anyone (docs/adr/0009). Any other inline script, one
injected into a page included, does not run.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

# The one inline script: it marks the body before the page is drawn, so GOV.UK Frontend's styles for pages with
# JavaScript apply without a flash. Its hash is in the policy; change a character and the hash changes with it.
JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
INLINE_SCRIPTS = (JS_ENABLED_SCRIPT,)


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' " + " ".join(script_hash(source) for source in INLINE_SCRIPTS),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)

CONTENT_SECURITY_POLICY = "; ".join(CSP_DIRECTIVES)


def no_store() -> None:
    """Mark the current response as personal: never cached by the browser or a proxy (portal/web/caching.py)."""
    g.no_store = True


def init_app(app: Flask) -> None:
    app.jinja_env.globals["js_enabled_script"] = Markup(JS_ENABLED_SCRIPT)
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
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    # same-origin: our own pages tell us where a form was posted from; no other site ever learns our URLs.
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds:
        headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    return response
