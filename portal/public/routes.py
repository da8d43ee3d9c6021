"""Information pages, the health check, and CSRF tokens for the forms of cached pages."""

from __future__ import annotations

from flask import jsonify, render_template
from flask_wtf.csrf import generate_csrf

from portal.core import health
from portal.public import bp
from portal.services.front_counters import nearest
from portal.services.retention import notice
from portal.web.caching import public_page, rendered
from portal.web.security import no_store


@bp.get("/")
@public_page
def home():
    return rendered("home", lambda: render_template("public/home.html", nav_section="home"))


@bp.get("/accessibility-statement")
@public_page
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy-notice")
@public_page
def privacy():
    return render_template("public/privacy.html", retention=notice.rows())


@bp.get("/cookies")
@public_page
def cookies():
    return render_template("public/cookies.html")


@bp.get("/contact")
@public_page
def contact():
    return render_template("public/contact.html", counters=nearest.open_counters())


@bp.get("/form-token")
def form_token():
    """A CSRF token for a form on a page that carries none (a cached public page), asked for by its script when the
    form is first used (docs/adr/0009). Issuing it starts the browser's session, as showing any form would."""
    no_store()
    return jsonify({"csrf_token": generate_csrf()})


@bp.get("/healthz")
def healthz():
    ok = health.database_reachable()
    return ({"status": "ok" if ok else "unavailable", "database": ok}, 200 if ok else 503)
