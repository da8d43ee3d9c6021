"""Enrolment through the emailed link (security check 38): choose a password, set up the authenticator app, and be
signed in. Reached before signing in, so exempt from `requires`, and rate-limited as the sign-in steps are."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from portal.core import tokens
from portal.extensions import client_group, limiter
from portal.forms.staff import ChoosePasswordForm, CodeForm
from portal.services.staff import auth, enrolment, sessions, totp
from portal.staff import bp
from portal.staff.routes import client_limit, pending_account_and_client, sign_in_limit
from portal.web.access import exempt
from portal.web.sessions import STAFF

WRONG_CODE = "The security code is not correct. Enter the code your app shows now for this account"


def _link_and_client() -> str:
    """The link step's key: the link (its digest, so the limiter's storage never holds it) and the client."""
    token = str((request.view_args or {}).get("token", ""))[: tokens.MAX_LENGTH]
    return f"{tokens.digest(token)[:32]}|{client_group()}"


def _limits() -> dict[str, int]:
    config = current_app.config
    return {
        "hours": int(config["STAFF_ENROLMENT_LINK_VALID_SECONDS"]) // 3600,
        "minutes": int(config["STAFF_ENROLMENT_STEP_TIMEOUT_SECONDS"]) // 60,
    }


@bp.route("/enrol/<token>", methods=["GET", "POST"])
@exempt("the enrolment link: choosing a password")
@limiter.limit(sign_in_limit, methods=["POST"], scope="staff-enrol", key_func=_link_and_client)
@limiter.limit(client_limit, methods=["POST"], scope="staff-sign-in-client")
def enrol(token: str):
    # Opening the link changes nothing (mail scanners open links too); choosing the password uses it up.
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        chosen = enrolment.choose_password(token, form.password.data)
        if chosen.session is not None:
            STAFF.begin(*chosen.session)
            return redirect(url_for(".enrol_authenticator"))
        if chosen.problem is None:
            return _link_not_working()
        form.password.errors = [chosen.problem]
    elif not enrolment.check(token):
        return _link_not_working()
    return render_template("staff/enrol/password.html", form=form, limits=_limits())


def _link_not_working():
    # One page for every reason (unknown, used, expired, replaced, account already set up): it tells nobody which.
    return render_template("staff/enrol/link_not_working.html", limits=_limits()), 404


@bp.route("/set-up-authenticator", methods=["GET", "POST"])
@exempt("enrolment: setting up the authenticator app")
@limiter.limit(sign_in_limit, methods=["POST"], scope="staff-enrol-code", key_func=pending_account_and_client)
@limiter.limit(client_limit, methods=["POST"], scope="staff-sign-in-client")
def enrol_authenticator():
    current = STAFF.current()
    pending = sessions.pending(current, sessions.ENROLMENT)
    if pending is None:
        if current is not None and current.mfa_completed_at is not None:
            return redirect(url_for(".home"))
        return render_template("staff/enrol/step_ended.html", limits=_limits())
    form = CodeForm()
    if form.validate_on_submit():
        signed_in = auth.confirm_enrolment(pending, form.code.data)
        if signed_in is not None:
            STAFF.begin(*signed_in)
            flash("Your account is set up and you are signed in. Next time, sign in with your password and a code.")
            return redirect(url_for(".home"))
        form.code.errors = [WRONG_CODE]
    staff = pending.staff
    setup = {"secret": totp.secret_of(staff), "uri": auth.provisioning_uri(staff)}
    return render_template("staff/enrol/authenticator.html", form=form, setup=setup)
