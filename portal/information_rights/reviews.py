"""Retention reviews: the reports the schedule asks a person to look at, and the decision on each."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.forms.records import ReviewForm
from portal.information_rights import bp
from portal.services.cases.staff_view import type_label
from portal.services.reporting import references
from portal.services.retention import reviews
from portal.services.staff.permissions import RECORDS_REVIEW
from portal.web.access import requires


@bp.get("/reviews")
@requires(RECORDS_REVIEW)
def review_list():
    return render_template(
        "information_rights/reviews.html", waiting=reviews.waiting(), display=references.display, type_label=type_label
    )


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@requires(RECORDS_REVIEW)
def review(review_id: int):
    found = next((item for item in reviews.waiting() if item.review.id == review_id), None) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            reviews.decide(review_id, current_user, form.decision.data, form.reason.data)
        except reviews.ReviewError as refused:
            form.decision.errors = [str(refused)]
        else:
            flash(f"Review of report {references.display(found.report.reference)} decided")
            return redirect(url_for("information_rights.review_list"))
    return render_template(
        "information_rights/review.html",
        item=found,
        form=form,
        reference=references.display(found.report.reference),
        type_name=type_label(found.report.report_type),
    )
