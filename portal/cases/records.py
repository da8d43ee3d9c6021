"""Records management on a report (the staff report page's "Records management" section): legal holds, erasure,
restriction, and marking evidence as copied into the force's evidence system.

Each action is POST-only and scoped like every report action (a report the viewer may not see answers 404), and the
service it calls writes the case event and the audit record. A form that does not validate is shown again on a page
of its own with its errors, then posts back here.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.cases import bp, page
from portal.forms.records import EraseForm, HoldForm, LiftHoldForm, LiftRestrictionForm, RestrictForm
from portal.forms.staff import ActionForm
from portal.models import Report
from portal.services.reporting import references
from portal.services.retention import erasure, holds
from portal.services.staff.permissions import (
    EVIDENCE_EXPORTED,
    RECORDS_ERASE,
    RECORDS_HOLD,
    RECORDS_RESTRICTED,
)
from portal.web.access import requires


def _again(report: Report, form: Any, title: str, action: str, button: str):  # type: ignore[no-untyped-def]
    """The form on a page of its own, with the error summary, posting back to the same action."""
    return render_template(
        "staff/records_action.html",
        report=report,
        reference=references.display(report.reference),
        form=form,
        title=title,
        action=url_for(action, report_id=report.id),
        button=button,
    )


def _back(report_id: int, message: str):  # type: ignore[no-untyped-def]
    flash(message)
    return redirect(url_for("cases.report", report_id=report_id) + "#records")


@bp.post("/reports/<int:report_id>/legal-hold")
@requires(RECORDS_HOLD)
def place_hold(report_id: int):
    report = page.report_or_404(report_id)
    form = HoldForm(prefix="hold")
    if form.validate_on_submit():
        try:
            holds.place(report, current_user, form.reason.data)
        except holds.HoldError as refused:
            form.reason.errors = [str(refused)]
        else:
            return _back(report_id, "Legal hold placed: nothing about this report will be disposed of")
    return _again(report, form, "Place a legal hold", "cases.place_hold", "Place legal hold")


@bp.post("/reports/<int:report_id>/legal-hold/lift")
@requires(RECORDS_HOLD)
def lift_hold(report_id: int):
    report = page.report_or_404(report_id)
    form = LiftHoldForm(prefix="lift-hold")
    if form.validate_on_submit():
        try:
            holds.lift(report, current_user, form.reason.data)
        except holds.HoldError as refused:
            form.reason.errors = [str(refused)]
        else:
            return _back(report_id, "Legal hold lifted: the retention period starts again today")
    return _again(report, form, "Lift the legal hold", "cases.lift_hold", "Lift legal hold")


@bp.post("/reports/<int:report_id>/restrict")
@requires(RECORDS_ERASE)
def restrict(report_id: int):
    report = page.report_or_404(report_id)
    form = RestrictForm(prefix="restrict")
    if form.validate_on_submit():
        try:
            erasure.restrict(report, current_user, form.reason.data)
        except erasure.RecordsError as refused:
            form.reason.errors = [str(refused)]
        else:
            flash(f"Report {references.display(report.reference)} restricted: only information rights staff see it")
            if current_user.can(RECORDS_RESTRICTED):
                return redirect(url_for("cases.report", report_id=report_id))
            return redirect(url_for("cases.queue_page"))
    return _again(report, form, "Restrict this report", "cases.restrict", "Restrict report")


@bp.post("/reports/<int:report_id>/restrict/lift")
@requires(RECORDS_RESTRICTED)
def lift_restriction(report_id: int):
    report = page.report_or_404(report_id)
    form = LiftRestrictionForm(prefix="unrestrict")
    if form.validate_on_submit():
        try:
            erasure.lift_restriction(report, current_user, form.reason.data)
        except erasure.RecordsError as refused:
            form.reason.errors = [str(refused)]
        else:
            return _back(report_id, "Restriction lifted: the report is back in its usual staff's views")
    return _again(report, form, "Lift the restriction", "cases.lift_restriction", "Lift restriction")


@bp.post("/reports/<int:report_id>/erase")
@requires(RECORDS_ERASE)
def erase(report_id: int):
    report = page.report_or_404(report_id)
    form = EraseForm(prefix="erase")
    if form.validate_on_submit():
        try:
            reference = erasure.erase(report, current_user, form.reason.data)
        except erasure.RecordsError as refused:
            form.reason.errors = [str(refused)]
        else:
            flash(f"Report {reference} erased, with its history and files")
            return redirect(url_for("cases.queue_page"))
    return _again(report, form, "Erase this report", "cases.erase", "Erase report")


@bp.post("/reports/<int:report_id>/evidence/<int:evidence_id>/exported")
@requires(EVIDENCE_EXPORTED)
def mark_exported(report_id: int, evidence_id: int):
    report = page.report_or_404(report_id)
    if not ActionForm().validate_on_submit():
        return page.render(report, status=400)
    try:
        evidence = erasure.mark_exported(report, evidence_id, current_user)
    except erasure.RecordsError as refused:
        return _back(report_id, str(refused))
    return _back(report_id, f"{evidence.display_name} marked as copied into the force's evidence system")
