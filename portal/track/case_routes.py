"""The victim's case pages. Every one serves the case of the current session and nothing else: there is no case id
in these URLs to change, and anything addressed by id (a message) must belong to that case or answers 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from portal.core import clock
from portal.forms.contact import CaseContactPreferencesForm
from portal.forms.track import (
    AddInformationForm,
    RequestContactForm,
    SupportForm,
)
from portal.models import Report
from portal.services.cases import clocks as case_clock
from portal.services.evidence import access as evidence_access
from portal.services.front_counters import nearest
from portal.services.tracking import actions, sessions, support, victim_view
from portal.services.tracking.messages import message_for
from portal.track import bp
from portal.web.files import send_evidence
from portal.web.sessions import VICTIM


def case_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        report = sessions.report_of(VICTIM.current())
        if report is None:
            return redirect(url_for(".start"))
        return view(report, *args, **kwargs)

    return wrapper


def _render(template: str, report: Report, **context: Any) -> str:
    return render_template(template, case=victim_view.build(report), nav_section="track", **context)


@bp.get("/case")
@case_required
def case(report: Report):
    return _render("track/case.html", report)


@bp.get("/case/messages/<int:event_id>")
@case_required
def message(report: Report, event_id: int):
    event = message_for(report, event_id)
    if event is None:
        abort(404)
    return _render("track/message.html", report, event=event)


@bp.route("/case/add-information", methods=["GET", "POST"])
@case_required
def add_information(report: Report):
    form = AddInformationForm()
    if form.validate_on_submit():
        problems = actions.add_information(report, form.message.data, request.files.getlist("files"))
        flash("We have sent your information to the officer dealing with your case.")
        for problem in problems:
            flash(problem, "problem")
        return redirect(url_for(".case"))
    return _render("track/add-information.html", report, form=form)


@bp.route("/case/contact-preferences", methods=["GET", "POST"])
@case_required
def contact_preferences(report: Report):
    form = CaseContactPreferencesForm(
        data=_preferences(report) if request.method == "GET" else None,
        standard_interval=int(current_app.config["CASE_UPDATE_INTERVAL_DAYS"]),
    )
    if form.validate_on_submit():
        actions.update_preferences(report, form.preferred.data, form.times.data, form.unsafe.data, form.interval_days())
        flash("We have changed how we contact you.")
        return redirect(url_for(".case"))
    return _render("track/contact-preferences.html", report, form=form)


@bp.route("/case/ask-for-contact", methods=["GET", "POST"])
@case_required
def request_contact(report: Report):
    form = RequestContactForm(today=clock.now().date())
    if form.validate_on_submit():
        slots = [actions.Slot(day, part) for day, part in form.chosen_slots()]
        actions.request_contact(report, form.kind.data, slots, form.phone.data, form.note.data)
        flash("We have sent your request to the officer dealing with your case. They will contact you to confirm.")
        return redirect(url_for(".case"))
    return _render("track/request-contact.html", report, form=form, counters=nearest.near_ward(report.ward))


@bp.route("/case/support", methods=["GET", "POST"])
@case_required
def support_services(report: Report):
    referrable = support.referrable_for(report.report_type)
    form = SupportForm(choices=[(s.code, s.name) for s in referrable])
    if form.validate_on_submit():
        actions.record_support_referral(report, form.services.data, {s.code: s.name for s in referrable})
        flash("We have asked the officer dealing with your case to refer you. The service will contact you.")
        return redirect(url_for(".case"))
    return _render("track/support.html", report, form=form, services=support.services_for(report.report_type))


@bp.get("/evidence/<int:evidence_id>")
def evidence_download(evidence_id: int):
    """A file of the victim's own case, for the case session only; any other file, or any file without a case
    session, is not found (check 10)."""
    report = sessions.report_of(VICTIM.current()) or abort(404)
    return send_evidence(evidence_access.for_victim(report, evidence_id) or abort(404), download=True)


def _preferences(report: Report) -> dict[str, Any]:
    return {
        "preferred": report.preferred_contact,
        "times": report.contact_times,
        "unsafe": report.unsafe_channels or ["none"],
        "interval": str(case_clock.interval(report)),
    }
