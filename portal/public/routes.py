"""Information pages and the health check."""

from __future__ import annotations

from flask import render_template

from portal.core import health
from portal.public import bp


@bp.get("/")
def home():
    return render_template("public/home.html", nav_section="home")


@bp.get("/accessibility-statement")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy-notice")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/cookies")
def cookies():
    return render_template("public/cookies.html")


@bp.get("/contact")
def contact():
    return render_template("public/contact.html")


@bp.get("/healthz")
def healthz():
    ok = health.database_reachable()
    return ({"status": "ok" if ok else "unavailable", "database": ok}, 200 if ok else 503)
