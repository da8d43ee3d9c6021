"""Writing an email: the body from its template in templates/emails/, with what every email signs off with."""

from __future__ import annotations

from typing import Any

from flask import current_app

# Where a link goes in a queued email; the outbox sender puts a fresh one there as the email leaves
# (services/mail/links.py).
LINK = "[[link]]"


def render(template: str, **context: Any) -> str:
    """The text of emails/<template>.txt. Templates have the service's name and numbers, and /track's address."""
    config = current_app.config
    common = {
        "service_name": config["SERVICE_NAME"],
        "force_name": config["FORCE_NAME"],
        "emergency": config["EMERGENCY_NUMBER"],
        "non_emergency": config["NON_EMERGENCY_NUMBER"],
        "track_url": public_url("/track"),
    }
    return current_app.jinja_env.get_template(f"emails/{template}.txt").render(**common, **context)


def public_url(path: str) -> str:
    """An absolute link for an email: PUBLIC_BASE_URL and a path on it."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + path
