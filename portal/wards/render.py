"""Rendering a ward page from a kept copy of its HTML.

A ward page's HTML is the same for every visitor (docs/adr/0009): no nonce, no CSRF token. Only the nearby front
counters change by the minute (whether each is open now), so the page is rendered once per cached page data (see
services.wards.page, which keeps it while the public content is unchanged) with a marker in their place, and each
request that reaches the application swaps the marker for the counters as they are now. A form with errors is
always rendered afresh.
"""

from __future__ import annotations

import secrets

from flask import render_template
from markupsafe import Markup

from portal.forms.wards import PrioritiesForm
from portal.services.front_counters import nearest
from portal.services.wards.page import WardPage
from portal.web.caching import rendered

# Random per process, so no content can contain the marker by chance or design.
COUNTERS_MARK = f"counters-{secrets.token_hex(16)}"
_rendered: dict[str, tuple[WardPage, str]] = {}


def ward_html(page: WardPage) -> str:
    """The ward page everyone is shown."""
    cached = _rendered.get(page.code)
    if cached is None or cached[0] is not page:
        html = render_template(
            "wards/ward.html",
            page=page,
            form=_blank_form(),
            nav_section="wards",
            front_counters_html=COUNTERS_MARK,
            priorities_fields=priorities_fields(),
        )
        # Keep one rendering per ward: the page object is replaced when its data changes or its time is up.
        _rendered[page.code] = cached = (page, html)
    return cached[1].replace(COUNTERS_MARK, counters_html(page))


def ward_html_with(page: WardPage, form: PrioritiesForm) -> str:
    """The ward page with the priorities form as posted (its answers and errors), rendered afresh."""
    return render_template(
        "wards/ward.html",
        page=page,
        form=form,
        nav_section="wards",
        front_counters_html=counters_html(page),
        priorities_fields=priorities_fields(form),
    )


def priorities_fields(form: PrioritiesForm | None = None) -> Markup:
    """The questions of the priorities form: blank ones are the same on every ward page, so rendered once."""
    if form is not None:
        return Markup(render_template("wards/_priorities_fields.html", form=form))
    html = rendered(
        "ward-priorities-fields", lambda: render_template("wards/_priorities_fields.html", form=_blank_form())
    )
    return Markup(html)


def _blank_form() -> PrioritiesForm:
    # No CSRF token on the page everyone is shown: the form gets one when first used (docs/adr/0009).
    return PrioritiesForm(formdata=None, meta={"csrf": False})


def counters_html(page: WardPage) -> Markup:
    """The front counters nearest the ward, with whether each is open now."""
    counters = nearest.near(page.lat, page.lon)
    return Markup(render_template("wards/_front_counters.html", page=page, counters=counters))
