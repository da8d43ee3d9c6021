"""Getting in: /track asks for a reference and email address and always answers the same way; the emailed link
signs the victim in to that one case."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from portal.core import tokens
from portal.extensions import limiter
from portal.forms.track import ConfirmForm, LookupForm
from portal.services.reporting import references
from portal.services.tracking import links, lookup, sessions
from portal.track import bp
from portal.web.security import no_store
from portal.web.sessions import VICTIM


@bp.before_request
def _personal() -> None:
    no_store()


def _reference_key() -> str:
    # Counted per reference as typed in any form; keyed so the limiter's storage never holds a reference.
    return "ref:" + tokens.keyed(references.normalise(request.form.get("reference", ""))[:40])[:32]


@bp.route("", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["TRACK_LIMIT_PER_CLIENT"], methods=["POST"], scope="track-client")
@limiter.limit(
    lambda: current_app.config["TRACK_LIMIT_PER_REFERENCE"],
    methods=["POST"],
    key_func=_reference_key,
    scope="track-ref",
)
def start():
    form = LookupForm()
    if form.validate_on_submit():
        lookup.request_link(form.reference.data, form.email.data)
        return redirect(url_for(".check_email"))
    return render_template("track/start.html", form=form, nav_section="track", ended=VICTIM.ended_reason())


@bp.get("/check-your-email")
def check_email():
    return render_template("track/check-email.html", nav_section="track")


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["TRACK_LIMIT_PER_CLIENT"], methods=["POST"], scope="track-sign-in")
def sign_in(token: str):
    # Opening the link changes nothing (mail scanners open links too); the button spends the token.
    form = ConfirmForm()
    if form.validate_on_submit():
        report = links.redeem(token)
        if report is not None:
            VICTIM.begin(*sessions.start(report))
            return redirect(url_for(".case"))
    elif request.method == "GET" and links.is_usable(token):
        return render_template("track/sign-in.html", form=form, nav_section="track")
    return render_template("track/link-expired.html", nav_section="track"), 404


@bp.post("/sign-out")
def sign_out():
    # CSRFProtect has checked the token before this runs.
    VICTIM.end("signed_out")
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
def signed_out():
    return render_template("track/signed-out.html", nav_section="track")
