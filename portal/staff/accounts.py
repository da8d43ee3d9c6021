"""Administrators' account pages, and the audit log for supervisors and administrators."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.numbers import whole_number
from portal.forms.staff import ActionForm, AuditFilterForm, CreateAccountForm
from portal.services.staff import accounts, audit, backoff, boroughs
from portal.services.staff.permissions import ACCOUNTS_MANAGE, AUDIT_VIEW
from portal.services.staff.scope import scope_description
from portal.staff import bp
from portal.web.access import requires


@bp.get("/accounts")
@requires(ACCOUNTS_MANAGE)
def account_list():
    return render_template("staff/accounts/list.html", accounts=accounts.list_accounts())


@bp.route("/accounts/new", methods=["GET", "POST"])
@requires(ACCOUNTS_MANAGE)
def account_new():
    form = CreateAccountForm()
    form.set_boroughs(boroughs.choices())
    if form.validate_on_submit():
        try:
            staff = accounts.create(
                email=form.email.data,
                name=form.name.data,
                role_code=form.role.data,
                ward_codes=form.ward_code_list(),
                borough_codes=[form.borough_codes.data] if form.borough_codes.data else [],
                by=current_user,
            )
        except accounts.AccountError as error:
            getattr(form, error.field or "email").errors = [str(error)]
        else:
            flash(
                f"Account created for {staff.name}. We are emailing them a link to choose their password and set up "
                "their authenticator app."
            )
            return redirect(url_for(".account_show", staff_id=staff.id))
    return render_template("staff/accounts/new.html", form=form, link_hours=_link_hours())


@bp.get("/accounts/<int:staff_id>")
@requires(ACCOUNTS_MANAGE)
def account_show(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    return render_template(
        "staff/accounts/show.html",
        account=accounts.summary(staff),
        scope=scope_description(staff),
        form=ActionForm(),
        link_hours=_link_hours(),
    )


def _link_hours() -> int:
    return int(current_app.config["STAFF_ENROLMENT_LINK_VALID_SECONDS"]) // 3600


@bp.post("/accounts/<int:staff_id>/disable")
@requires(ACCOUNTS_MANAGE)
def account_disable(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    try:
        ended = accounts.disable(staff, by=current_user)
    except accounts.AccountError as error:
        flash(str(error), "error")
    else:
        flash(f"{staff.name}'s account is disabled. {ended} signed-in session(s) ended.")
    return redirect(url_for(".account_show", staff_id=staff_id))


@bp.post("/accounts/<int:staff_id>/enable")
@requires(ACCOUNTS_MANAGE)
def account_enable(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    accounts.enable(staff, by=current_user)
    flash(f"{staff.name}'s account is enabled again.")
    return redirect(url_for(".account_show", staff_id=staff_id))


@bp.post("/accounts/<int:staff_id>/reset-mfa")
@requires(ACCOUNTS_MANAGE)
def account_reset_mfa(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    accounts.reset_mfa(staff, by=current_user)
    flash(
        f"{staff.name}'s password and authenticator app no longer work, and they are signed out. We are emailing them "
        "a link to set both up again."
    )
    return redirect(url_for(".account_show", staff_id=staff_id))


@bp.post("/accounts/<int:staff_id>/enrolment-link")
@requires(ACCOUNTS_MANAGE)
def account_enrolment_link(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    accounts.new_enrolment_link(staff, by=current_user)
    flash(f"We are emailing {staff.name} a new link to set up their account. Any earlier link no longer works.")
    return redirect(url_for(".account_show", staff_id=staff_id))


@bp.get("/accounts/<int:staff_id>/sign-in-back-off")
@requires(ACCOUNTS_MANAGE)
def account_backoff(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    rows = backoff.for_account(staff)
    return render_template(
        "staff/accounts/sign_in_back_off.html",
        staff=staff,
        rows=[(row, backoff.is_waiting(row)) for row in rows],
        form=ActionForm(),
    )


@bp.post("/accounts/<int:staff_id>/sign-in-back-off/clear")
@requires(ACCOUNTS_MANAGE)
def account_backoff_clear(staff_id: int):
    staff = accounts.get(staff_id) or abort(404)
    cleared = backoff.clear(staff, by=current_user)
    flash(f"Cleared failed sign-ins from {cleared} place(s). {staff.name} can sign in straight away.")
    return redirect(url_for(".account_backoff", staff_id=staff_id))


@bp.get("/audit-log")
@requires(AUDIT_VIEW)
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    form.set_choices(*audit.filter_choices(current_user))
    where = form.to_filter()
    page = audit.events_for(current_user, before=whole_number(request.args.get("before")), where=where)
    return render_template("staff/audit_log.html", page=page, form=form, filter_args=where.as_args())
