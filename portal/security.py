"""Response headers every page carries (security check 27) and the per-request CSP nonce."""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g

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
    app.after_request(_security_headers)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    # A response that set its own stricter policy (an evidence download's sandbox) keeps it.
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = "; ".join(CSP_DIRECTIVES).format(nonce=csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds:
        headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    if g.get("no_store"):
        headers["Cache-Control"] = "no-store"
    return response
