"""Find a case by reference: for front counter staff (and officers) helping someone in person."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.services.staff import audit
from portal.services.staff.permissions import REPORTS_VIEW, requires
from portal.services.tracking.front_counter import find_in_scope
from portal.staff import bp
from portal.staff.front_counter_forms import NOT_FOUND, FindCaseForm


@bp.route("/find-a-case", methods=["GET", "POST"])
@requires(REPORTS_VIEW)
@limiter.limit("120 per hour", methods=["POST"], scope="staff-find-case")
def find_case():
    form = FindCaseForm()
    if form.validate_on_submit():
        report = find_in_scope(current_user, form.reference.data)
        # Audited whether or not it was found; the reference typed is not repeated in the log.
        audit.record(
            current_user,
            "report.looked_up",
            "report",
            report.id if report else None,
            detail="found" if report else "not found or out of scope",
        )
        if report is not None:
            return redirect(url_for("cases.report", report_id=report.id))
        form.reference.errors = [NOT_FOUND]
    return render_template("staff/find_case.html", form=form)
