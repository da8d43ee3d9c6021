"""Tracking's settings, with defaults. A deployment overrides them in the environment (TRACK_...)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app

DEFAULTS: dict[str, Any] = {
    "TRACK_SESSION_COOKIE_NAME": "dps_track",
    # Victims' Code pages hold personal information: a short idle timeout, as for staff.
    "TRACK_IDLE_TIMEOUT_SECONDS": 30 * 60,
    "TRACK_ABSOLUTE_TIMEOUT_SECONDS": 4 * 60 * 60,
    "TRACK_LINK_VALID_SECONDS": 30 * 60,
    # Every lookup takes at least this long, so timing cannot tell a real reference from a made-up one.
    "TRACK_MIN_RESPONSE_SECONDS": 0.5,
    "TRACK_LIMIT_PER_REFERENCE": "5 per hour",
    "TRACK_LIMIT_PER_CLIENT": "30 per hour",
    # Where "Exit this page" goes: a neutral site that does not look like a police page.
    "TRACK_EXIT_URL": "https://www.bbc.co.uk/weather",
}


def init_app(app: Flask) -> None:
    for name, default in DEFAULTS.items():
        value = os.environ.get(name)
        app.config.setdefault(name, type(default)(value) if value not in (None, "") else default)


def get(name: str) -> Any:
    return current_app.config[name]
