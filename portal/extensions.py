"""Extension objects, unbound: create_app() binds them to an application."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers

from portal.core import clients


def client_address() -> str:
    # request.remote_addr is the socket peer unless TRUSTED_PROXY_COUNT configures ProxyFix, so a client cannot
    # choose its own rate-limit key by sending X-Forwarded-For.
    return request.remote_addr or "unknown"


def client_group() -> str:
    """The client as limits count it: its IPv4 address, or its IPv6 /64 (portal/core/clients.py)."""
    return clients.group(client_address())


csrf = CSRFProtect()
limiter = Limiter(key_func=client_group, default_limits=[])
wtforms_helpers = WTFormsHelpers()
