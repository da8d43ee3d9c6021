"""Rendering a ward page once per version of the public content.

A ward page's HTML is the same for every visitor (docs/adr/0009): no nonce, no CSRF token. Only the nearby front
counters change by the minute (whether each is open now), so the page is rendered with a marker in their place and
kept, in this process and for every other (services/rendered_pages.py), until the public content changes or the
ward's next meeting starts; a response swaps the marker for the counters as they are when it is made. A form with
answers or errors is always rendered afresh.
"""

from __future__ import annotations

import secrets

from flask import render_template
from markupsafe import Markup

from portal.forms.wards import PrioritiesForm
from portal.services import rendered_pages
from portal.services.front_counters import nearest
from portal.services.wards.page import WardPage, ward_page
from portal.web.caching import rendered


def ward_html(code: str) -> str | None:
    """The ward page everyone is shown, or None when no ward has this code."""
    found = rendered_pages.page(f"ward {code.upper()}", lambda: _render(code))
    if found is None:
        return None
    ward = found.details
    return found.html.replace(ward["marker"], counters_html(ward["name"], ward["lat"], ward["lon"]))


def _render(code: str) -> rendered_pages.Rendered | None:
    page = ward_page(code)
    if page is None:
        return None
    # Random, so no content can contain it by chance or design; kept with the rendering, which other processes use.
    marker = f"counters-{secrets.token_hex(16)}"
    html = render_template(
        "wards/ward.html",
        page=page,
        form=_blank_form(),
        nav_section="wards",
        front_counters_html=marker,
        priorities_fields=priorities_fields(),
    )
    details = {"marker": marker, "name": page.name, "lat": page.lat, "lon": page.lon}
    return rendered_pages.Rendered(html, details, page.changes_at)


def ward_html_with(page: WardPage, form: PrioritiesForm) -> str:
    """The ward page with the priorities form as posted (its answers and errors), rendered afresh."""
    return render_template(
        "wards/ward.html",
        page=page,
        form=form,
        nav_section="wards",
        front_counters_html=counters_html(page.name, page.lat, page.lon),
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


def counters_html(ward_name: str, lat: float | None, lon: float | None) -> Markup:
    """The front counters nearest the ward, with whether each is open now."""
    counters = nearest.near(lat, lon)
    return Markup(render_template("wards/_front_counters.html", ward_name=ward_name, counters=counters))
