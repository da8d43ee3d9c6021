"""Request correlation ids and logging without personal data (security check 29).

The access log records method, route path (never the query string), status and duration. Values are escaped so a
CR/LF in a path cannot forge a log line. Application code logs ids and references to rows, never free text, email
addresses, tokens or passwords.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from flask import Flask, Response, g, request

access_log = logging.getLogger("portal.access")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def safe(value: object) -> str:
    """Escape control characters (CR/LF forging log lines) and mask anything shaped like an email address."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return _EMAIL.sub("[email]", text)


def correlation_id() -> str:
    cid = g.get("correlation_id")
    if cid is None:
        cid = g.correlation_id = secrets.token_hex(6)
    return cid


class _CorrelationFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from flask import has_request_context

        record.correlation_id = correlation_id() if has_request_context() else "-"
        return True


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"))
    handler.addFilter(_CorrelationFilter())
    root = logging.getLogger("portal")
    if not any(getattr(h, "_portal", False) for h in root.handlers):
        handler._portal = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    root.propagate = False
    # Werkzeug's own request log prints the full URL, query string included; ours replaces it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    app.jinja_env.globals["correlation_id"] = correlation_id

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()
        correlation_id()

    @app.after_request
    def _log_request(response: Response) -> Response:
        response.headers["X-Request-Id"] = correlation_id()
        started = g.get("request_started")
        elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        # The matched rule (/track/<token>) rather than the concrete path keeps tokens out of the log.
        path = request.url_rule.rule if request.url_rule is not None else request.path
        access_log.info("%s %s %s %.1fms", request.method, safe(path), response.status_code, elapsed_ms)
        return response
