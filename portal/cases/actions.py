"""Actions on a report: triage, change status, close or refer with an outcome, assign, take, allocate to a ward, public
update, internal note, update interval, mark seen.

Each is POST-only, scoped (an out-of-scope report answers 404 before anything is read from the form) and redirects
back to the report (post/redirect/get); the service it calls writes the case event and the audit record. A form that
does not validate re-shows the page with its errors.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from portal.cases import bp, page
from portal.forms.cases import (
    AllocateForm,
    AssignForm,
    CloseForm,
    IntervalForm,
    NoteForm,
    TransitionForm,
    TriageForm,
    UpdateForm,
)
from portal.forms.staff import ActionForm
from portal.services.cases import allocation, staff_view, states, triage
from portal.services.cases import transitions as cases
from portal.services.cases.notify import Delivery
from portal.services.cases.transitions import TransitionNotAllowed
from portal.services.staff.permissions import REPORTS_ALLOCATE, REPORTS_ASSIGN, REPORTS_TRIAGE, REPORTS_UPDATE
from portal.web.access import requires


def _back(report_id: int, message: str, delivery: Delivery | None = None):  # type: ignore[no-untyped-def]
    flash(message)
    if delivery is not None and delivery.instruction:
        flash(delivery.instruction, "contact")
    return redirect(url_for("cases.report", report_id=report_id))


@bp.post("/reports/<int:report_id>/triage")
@requires(REPORTS_TRIAGE)
def triage_report(report_id: int):
    report = page.report_or_404(report_id)
    form = TriageForm(prefix="triage")
    if not form.validate_on_submit():
        return page.render(report, form)
    grading = triage.grade(report, current_user, form.values())
    return _back(report_id, f"Graded {triage.grading_label(grading.grading)}")


@bp.post("/reports/<int:report_id>/status")
@requires(REPORTS_TRIAGE)
def change_status(report_id: int):
    report = page.report_or_404(report_id)
    form = TransitionForm(prefix="status")
    form.set_statuses(report.status)
    if form.validate_on_submit():
        try:
            result = cases.transition(
                report,
                form.to.data,
                by=current_user,
                reason=form.reason.data,
                public=form.public.data == "yes",
                message=form.message.data,
            )
        except TransitionNotAllowed as refused:
            form.to.errors = [str(refused)]
        else:
            return _back(report_id, "Status changed", result.delivery)
    return page.render(report, form)


@bp.post("/reports/<int:report_id>/close")
@requires(REPORTS_TRIAGE)
def close(report_id: int):
    report = page.report_or_404(report_id)
    form = CloseForm(prefix="close")
    form.set_outcomes(report.status)
    if form.validate_on_submit():
        outcome = states.OUTCOMES[form.outcome.data]
        try:
            result = cases.transition(
                report,
                outcome.status,
                by=current_user,
                reason=form.reason.data,
                outcome=outcome.code,
                public=form.public.data == "yes",
                message=form.message.data,
            )
        except TransitionNotAllowed as refused:
            form.outcome.errors = [str(refused)]
        else:
            changed = f"Status changed to {states.label(outcome.status)}: {outcome.label}"
            return _back(report_id, changed, result.delivery)
    return page.render(report, form)


@bp.post("/reports/<int:report_id>/assign")
@requires(REPORTS_ASSIGN)
def assign(report_id: int):
    report = page.report_or_404(report_id)
    form = AssignForm(prefix="assign")
    officers = staff_view.assignable_officers(report)
    form.set_officers(officers)
    if form.validate_on_submit():
        officer = next(o for o in officers if str(o.id) == form.officer.data)
        result = cases.assign(report, officer, current_user, form.reason.data)
        return _back(report_id, f"Assigned to {officer.name}", result.delivery)
    return page.render(report, form)


@bp.post("/reports/<int:report_id>/allocate")
@requires(REPORTS_ALLOCATE)
def allocate(report_id: int):
    report = page.report_or_404(report_id)
    form = AllocateForm(prefix="allocate")
    form.set_wards(allocation.wards_for(current_user))
    if form.validate_on_submit():
        try:
            ward = allocation.allocate(report, int(form.ward.data), current_user, form.reason.data)
        except allocation.AllocationRefused as refused:
            form.ward.errors = [str(refused)]
        else:
            return _back(report_id, f"Allocated to {ward.name}: its officers can now see it")
    return page.render(report, form)


@bp.post("/reports/<int:report_id>/take")
@requires(REPORTS_TRIAGE)
def take(report_id: int):
    report = page.report_or_404(report_id)
    if not ActionForm().validate_on_submit():
        return page.render(report, status=400)
    try:
        result = cases.take(report, current_user)
    except TransitionNotAllowed:
        return _back(report_id, "You cannot take this case: it is not in your wards")
    return _back(report_id, "The case is now yours", result.delivery)


@bp.post("/reports/<int:report_id>/updates")
@requires(REPORTS_UPDATE)
def public_update(report_id: int):
    report = page.report_or_404(report_id)
    form = UpdateForm(prefix="update")
    if not form.validate_on_submit():
        return page.render(report, form)
    result = cases.public_update(report, form.text.data, current_user)
    emailed = result.delivery is not None and result.delivery.emailed
    return _back(report_id, "Update sent" if emailed else "Update recorded", result.delivery)


@bp.post("/reports/<int:report_id>/notes")
@requires(REPORTS_UPDATE)
def internal_note(report_id: int):
    report = page.report_or_404(report_id)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return page.render(report, form)
    cases.internal_note(report, form.text.data, current_user)
    return _back(report_id, "Note added")


@bp.post("/reports/<int:report_id>/update-interval")
@requires(REPORTS_UPDATE)
def update_interval(report_id: int):
    report = page.report_or_404(report_id)
    form = IntervalForm(prefix="interval")
    if not form.validate_on_submit():
        return page.render(report, form)
    cases.set_update_interval(report, form.days.data, current_user)
    return _back(report_id, f"Updates every {form.days.data} days")


@bp.post("/reports/<int:report_id>/seen")
@requires(REPORTS_UPDATE)
def mark_seen(report_id: int):
    report = page.report_or_404(report_id)
    if not ActionForm().validate_on_submit():
        return page.render(report, status=400)
    cases.clear_attention(report, current_user)
    return _back(report_id, "Marked as seen")
