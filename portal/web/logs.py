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

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A token the portal issues (256 bits, URL-safe: 43 characters) or its SHA-256 digest (64 hex characters): any run
# of 32 or more URL-safe characters is treated as one.
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])")
# A report reference, with or without its hyphens (portal/services/reporting/references.py's alphabet). Capitals
# only, as references are stored and shown: the correlation ids in every line are lower-case hex.
_REFERENCE = re.compile(r"(?<![\w-])[2-9A-HJKMNP-TW-Y]{4}-?[2-9A-HJKMNP-TW-Y]{4}-?[2-9A-HJKMNP-TW-Y]{4}(?![\w-])")


def safe(value: object) -> str:
    """Escape control and direction-changing characters (a CR/LF would forge a log line) and mask anything shaped
    like an email address, a token or a report reference."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    text = _EMAIL.sub("[email]", text)
    text = _TOKEN.sub("[token]", text)
    return _REFERENCE.sub("[reference]", text)


class SafeFormatter(logging.Formatter):
    """The one formatter for every log line the portal writes, its libraries' included: the message and any
    exception text (a traceback quotes the values that caused it) pass through safe(), so each record is one line
    with no email address, token or reference in it, whoever logged it and however."""

    def format(self, record: logging.LogRecord) -> str:
        return safe(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 - logging's own name
        return safe(super().formatException(ei))


def correlation_id() -> str:
    cid = g.get("correlation_id")
    if cid is None:
        cid = g.correlation_id = secrets.token_hex(6)
    return cid


class _CorrelationFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from flask import has_request_context

        if has_request_context():
            record.correlation_id = correlation_id()
        else:  # outside a request: the id a caller passed (a page served from the page cache), or none
            record.__dict__.setdefault("correlation_id", "-")
        return True


def init_app(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"))
    handler.addFilter(_CorrelationFilter())
    root = logging.getLogger("portal")
    if not any(getattr(h, "_portal", False) for h in root.handlers):
        handler._portal = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    root.propagate = False
    # Libraries' own log lines (SQLAlchemy, Werkzeug, the mail libraries) go through the same formatter, whatever
    # handler a server set up for them.
    if not logging.getLogger().handlers:
        library = logging.StreamHandler()
        library.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.getLogger().addHandler(library)
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
