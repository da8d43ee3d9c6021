"""Rendering a ward page from a cached copy of its HTML.

A ward page's HTML is the same for every visitor except three per-request values: the CSP nonce, the CSRF token of
the priorities form, and the nearby front counters (whether each is open changes by the minute). It is rendered once
per cached page (see services.wards.page) with markers in their place, and each request only swaps the markers for
its own values. A form with errors is always rendered afresh.
"""

from __future__ import annotations

import secrets

from flask import render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from portal.forms.wards import PrioritiesForm
from portal.services.front_counters import nearest
from portal.services.wards.page import WardPage
from portal.web.security import csp_nonce

# Random per process, so no content can contain a marker by chance or design.
NONCE_MARK = f"nonce-{secrets.token_hex(16)}"
CSRF_MARK = f"csrf-{secrets.token_hex(16)}"
COUNTERS_MARK = f"counters-{secrets.token_hex(16)}"
_rendered: dict[str, tuple[WardPage, str]] = {}


def ward_html(page: WardPage) -> str:
    cached = _rendered.get(page.code)
    if cached is None or cached[0] is not page:
        html = render_template(
            "wards/ward.html",
            page=page,
            form=PrioritiesForm(formdata=None),
            nav_section="wards",
            csp_nonce=lambda: NONCE_MARK,
            csrf_token=lambda: CSRF_MARK,
            front_counters_html=COUNTERS_MARK,
        )
        # Keep one rendering per ward: the page object is replaced when its data cache expires.
        _rendered[page.code] = cached = (page, html)
    html = cached[1].replace(NONCE_MARK, csp_nonce()).replace(CSRF_MARK, generate_csrf())
    return html.replace(COUNTERS_MARK, counters_html(page))


def counters_html(page: WardPage) -> Markup:
    """The front counters nearest the ward, with whether each is open now."""
    counters = nearest.near(page.lat, page.lon)
    return Markup(render_template("wards/_front_counters.html", page=page, counters=counters))
