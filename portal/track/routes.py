"""Getting in: /track asks for a reference and email address and always answers the same way; the emailed link
signs the victim in to that one case."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, redirect, render_template, request, url_for

from portal.extensions import limiter
from portal.security import no_store
from portal.services import references
from portal.services.tracking import lookup, messages, sessions, settings, tokens
from portal.track import bp, filters
from portal.track.forms import ConfirmForm, LookupForm


@bp.record_once
def _setup(state) -> None:  # type: ignore[no-untyped-def]
    settings.init_app(state.app)
    sessions.init_app(state.app)
    filters.init_app(state.app)
    # The officer's view of the case lists what the victim sent and asked for (staff/_report_victim_requests.html).
    state.app.jinja_env.globals["victim_requests"] = messages.victim_requests
    state.app.jinja_env.globals["victim_request_heading"] = messages.heading


@bp.before_request
def _personal() -> None:
    no_store()


def _reference_key() -> str:
    # Counted per reference as typed in any form; keyed so the limiter's storage never holds a reference.
    value = references.normalise(request.form.get("reference", ""))[:40]
    key = str(current_app.config["SECRET_KEY"]).encode()
    return "ref:" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


@bp.route("", methods=["GET", "POST"])
@limiter.limit(lambda: settings.get("TRACK_LIMIT_PER_CLIENT"), methods=["POST"], scope="track-client")
@limiter.limit(
    lambda: settings.get("TRACK_LIMIT_PER_REFERENCE"), methods=["POST"], key_func=_reference_key, scope="track-ref"
)
def start():
    form = LookupForm()
    if form.validate_on_submit():
        lookup.request_link(form.reference.data, form.email.data)
        return redirect(url_for(".check_email"))
    return render_template("track/start.html", form=form, nav_section="track", ended=sessions.ended_reason())


@bp.get("/check-your-email")
def check_email():
    return render_template("track/check-email.html", nav_section="track")


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: settings.get("TRACK_LIMIT_PER_CLIENT"), methods=["POST"], scope="track-sign-in")
def sign_in(token: str):
    # Opening the link changes nothing (mail scanners open links too); the button spends the token.
    form = ConfirmForm()
    if form.validate_on_submit():
        report = tokens.redeem(token)
        if report is not None:
            sessions.start(report)
            return redirect(url_for(".case"))
    elif request.method == "GET" and tokens.is_usable(token):
        return render_template("track/sign-in.html", form=form, nav_section="track")
    return render_template("track/link-expired.html", nav_section="track"), 404


@bp.post("/sign-out")
def sign_out():
    # CSRFProtect has checked the token before this runs.
    sessions.end_current("signed_out")
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
def signed_out():
    return render_template("track/signed-out.html", nav_section="track")
