"""Extension objects, unbound: create_app() binds them to an application."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers


def client_address() -> str:
    # request.remote_addr is the socket peer unless TRUSTED_PROXY_COUNT configures ProxyFix, so a client cannot
    # choose its own rate-limit key by sending X-Forwarded-For.
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
limiter = Limiter(key_func=client_address, default_limits=[])
wtforms_helpers = WTFormsHelpers()
