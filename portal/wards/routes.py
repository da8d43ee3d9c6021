"""Find your ward, the ward page, "tell us your priorities" and the JSON API. Each route calls one service."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, url_for

from portal.extensions import csrf, limiter
from portal.forms.wards import PrioritiesForm, WardSearchForm
from portal.services.wards import api, feedback, finder
from portal.services.wards import search as ward_search
from portal.services.wards.page import ward_page
from portal.wards import bp
from portal.wards.render import ward_html, ward_html_with
from portal.web.caching import public_page, rendered


@bp.get("/wards")
@public_page
def find():
    form = WardSearchForm(request.args)
    if "q" not in request.args:
        # The A to Z (704 wards) is rendered once per change of the public content, not per request.
        return rendered("wards-a-to-z", _a_to_z)
    if not form.validate():
        return render_template("wards/find.html", form=form, boroughs=finder.boroughs_a_to_z()), 400
    results = ward_search.search_wards(form.q.data)
    if len(results) == 1:
        return redirect(url_for("wards.show", ward_code=results[0].code))
    return render_template("wards/results.html", form=form, query=form.q.data, results=results)


def _a_to_z() -> str:
    return render_template("wards/find.html", form=WardSearchForm(), boroughs=finder.boroughs_a_to_z())


@bp.get("/wards/<ward_code>")
@public_page
def show(ward_code: str):
    html = ward_html(ward_code) if finder.looks_like_code(ward_code) else None
    if html is None:
        return _redirect_slug(ward_code)
    return html


@bp.post("/wards/<ward_code>/priorities")
@limiter.limit("5 per minute;30 per hour")
@csrf.exempt  # the form checks its own token: a post without one is shown back for sending, never refused
def priorities(ward_code: str):
    ward = ward_search.ward_by_code(ward_code)
    if ward is None:
        abort(404)
    form = PrioritiesForm()
    if form.validate_on_submit():
        feedback.save_feedback(ward, form.issues.data, form.comment.data)
        return redirect(url_for("wards.thanks", ward_code=ward.code))
    page = ward_page(ward.code)
    token_only = set(form.errors) == {"csrf_token"}
    form.csrf_token.errors = []  # never an error to the resident: the form below carries a token now
    if token_only:
        # From the page everyone is shown, which carries no token (docs/adr/0009): nothing is sent yet.
        return render_template("wards/priorities.html", page=page, form=form, nav_section="wards")
    return ward_html_with(page, form), 400


@bp.get("/wards/<ward_code>/priorities/thank-you")
def thanks(ward_code: str):
    page = ward_page(ward_code) if finder.looks_like_code(ward_code) else None
    if page is None:
        abort(404)
    return render_template("wards/thanks.html", page=page, nav_section="wards")


@bp.get("/wards/<borough_slug>/<ward_slug>")
def by_borough_slug(borough_slug: str, ward_slug: str):
    ward = finder.ward_by_slugs(borough_slug, ward_slug)
    if ward is None:
        abort(404)
    return redirect(url_for("wards.show", ward_code=ward.code), 301)


def _redirect_slug(slug: str):
    wards = finder.wards_by_slug(slug)
    if len(wards) == 1:
        return redirect(url_for("wards.show", ward_code=wards[0].code), 301)
    if wards:
        return redirect(url_for("wards.find", q=wards[0].name))
    abort(404)


@bp.get("/api/wards/<ward_code>")
def api_ward(ward_code: str):
    page = ward_page(ward_code) if finder.looks_like_code(ward_code) else None
    if page is None:
        return jsonify({"error": "No ward has this code"}), 404
    return jsonify(api.ward_json(page))


@bp.get("/api/wards")
def api_search():
    query = request.args.get("q", "").strip()[:100]
    return jsonify([api.ward_summary_json(ward) for ward in ward_search.search_wards(query, limit=10)])
