"""Signing in and out, the staff home page and staying signed in."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.extensions import client_group, limiter
from portal.forms.staff import ActionForm, ChangePasswordForm, CodeForm, SignInForm
from portal.services.staff import accounts, auth, backoff, sessions
from portal.services.staff.permissions import SIGNED_IN
from portal.services.staff.scope import scope_description
from portal.staff import bp, navigation
from portal.web.access import exempt, requires
from portal.web.dates import time_of_day
from portal.web.sessions import STAFF

WRONG_SIGN_IN = "Enter a correct email address and password"
WRONG_CODE = "The security code is not correct or has already been used. Enter the code your app shows now"


def sign_in_limit() -> str:
    return str(current_app.config["STAFF_SIGN_IN_RATE_LIMIT"])


def client_limit() -> str:
    return str(current_app.config["STAFF_SIGN_IN_CLIENT_RATE_LIMIT"])


def _address_and_client() -> str:
    """The limit's key: the address typed (a keyed digest, so the limiter's storage never holds it) and the client.
    Someone else's attempts on the same account, from elsewhere, never use up this client's allowance."""
    return f"{backoff.account_key(request.form.get('email', ''))[:32]}|{client_group()}"


def pending_account_and_client() -> str:
    """The code step's key: the account whose password was just accepted, and the client."""
    pending = STAFF.current()
    who = backoff.account_key(pending.staff.email)[:32] if pending is not None else "none"
    return f"{who}|{client_group()}"


@bp.route("/sign-in", methods=["GET", "POST"])
@exempt("the password step of signing in")
@limiter.limit(sign_in_limit, methods=["POST"], scope="staff-sign-in", key_func=_address_and_client)
@limiter.limit(client_limit, methods=["POST"], scope="staff-sign-in-client")
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(".home"))
    form = SignInForm()
    if form.validate_on_submit():
        staff = auth.check_password(form.email.data, form.password.data)
        if staff is not None:
            STAFF.begin(*sessions.start_pending(staff))
            return redirect(url_for(".sign_in_code"))
        # One message, whatever went wrong: unknown, wrong password, locked or disabled look the same.
        form.email.errors = [WRONG_SIGN_IN]
    return render_template("staff/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@exempt("the security code step of signing in")
@limiter.limit(sign_in_limit, methods=["POST"], scope="staff-sign-in-code", key_func=pending_account_and_client)
@limiter.limit(client_limit, methods=["POST"], scope="staff-sign-in-client")
def sign_in_code():
    current = STAFF.current()
    pending = sessions.pending(current, sessions.SIGN_IN)
    if pending is None:
        return redirect(url_for(".home" if current is not None and current.mfa_completed_at else ".sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        result = auth.check_code(pending, form.code.data)
        if result.session is not None:
            STAFF.begin(*result.session)
            return redirect(url_for(".home"))
        if result.start_again:
            STAFF.forget()
            flash("You entered too many incorrect security codes. Sign in again.", "signed-out")
            return redirect(url_for(".sign_in"))
        form.code.errors = [WRONG_CODE]
    return render_template("staff/sign_in_code.html", form=form)


@bp.post("/sign-out")
@requires(SIGNED_IN, audit_view=False)
def sign_out():
    auth.sign_out(STAFF.current())
    STAFF.forget()
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
@exempt("the page confirming that someone has signed out")
def signed_out():
    return render_template("staff/signed_out.html")


@bp.get("/")
@requires(SIGNED_IN)
def home():
    return render_template(
        "staff/home.html",
        staff=current_user,
        scope=scope_description(current_user),
        links=navigation.links_for(current_user),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@requires(SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ended = accounts.change_password(
                current_user, form.current_password.data, form.new_password.data, keep=STAFF.current()
            )
        except accounts.AccountError as error:
            getattr(form, error.field or "new_password").errors = [str(error)]
        else:
            others = f" You have been signed out on {ended} other device(s)." if ended else ""
            flash(f"Your password has been changed.{others}")
            return redirect(url_for(".home"))
    return render_template("staff/change_password.html", form=form)


@bp.post("/stay-signed-in")
@requires(SIGNED_IN, audit_view=False)
def stay_signed_in():
    # requires() has already restarted the idle timer; say when the session now ends.
    info = sessions.expiry(STAFF.current())
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            ends_at=info.ends_at.isoformat(),
            warn_from=info.warn_from.isoformat(),
            ends_at_text=time_of_day(info.ends_at),
        )
    form = ActionForm()
    target = form.next.data or ""
    # Only back to a staff page on this site: never an open redirect.
    if not target.startswith("/staff") or target.startswith("//") or "\\" in target:
        target = url_for(".home")
    return redirect(target)
