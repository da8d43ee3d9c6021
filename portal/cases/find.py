"""Find a case by reference: for front counter staff (and officers) helping someone in person."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from portal.cases import bp
from portal.extensions import limiter
from portal.forms.cases import NOT_FOUND, FindCaseForm
from portal.services.cases.lookup import find_in_scope
from portal.services.staff.permissions import REPORTS_VIEW
from portal.web.access import requires


@bp.route("/find-a-case", methods=["GET", "POST"])
@requires(REPORTS_VIEW)
@limiter.limit("120 per hour", methods=["POST"], scope="staff-find-case")
def find_case():
    form = FindCaseForm()
    if form.validate_on_submit():
        report = find_in_scope(current_user, form.reference.data)
        if report is not None:
            return redirect(url_for("cases.report", report_id=report.id))
        form.reference.errors = [NOT_FOUND]
    return render_template("staff/find_case.html", form=form)
