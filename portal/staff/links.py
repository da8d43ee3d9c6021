"""Linked reports and possible duplicates: the section the staff report page includes, a page of its own (where
a failed link shows its error summary), and the action that links two reports."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.forms.ward_content import LinkForm
from portal.models import Report, StaffUser
from portal.services import references
from portal.services.oversight import links
from portal.services.staff.permissions import REPORTS_TRIAGE, REPORTS_VIEW, requires
from portal.staff import bp

# The staff report page, when the case pages are installed; otherwise this area's own page.
REPORT_PAGE_ENDPOINTS = ("cases.report", "cases.report_page", "cases.show")


@bp.record_once
def _setup(state) -> None:  # type: ignore[no-untyped-def]
    # The report page includes staff/_report_links.html with only `report` and `viewer`; the section reads its
    # data through this one function rather than querying from the template.
    state.app.jinja_env.globals["report_links_panel"] = _panel
    state.app.jinja_env.filters.setdefault("reference_display", references.display)


def _panel(report: Report, viewer: StaffUser) -> dict[str, object]:
    return {"panel": links.panel(report, viewer), "can_link": viewer.can(REPORTS_TRIAGE), "form": LinkForm()}


@bp.get("/reports/<int:report_id>/links")
@requires(REPORTS_VIEW)
def report_links(report_id: int):
    report = links.visible_report(current_user, report_id) or abort(404)
    return render_template("staff/report_links.html", report=report, viewer=current_user, link_form=LinkForm())


@bp.post("/reports/<int:report_id>/links")
@requires(REPORTS_TRIAGE)
def report_link_add(report_id: int):
    report = links.visible_report(current_user, report_id) or abort(404)
    form = LinkForm()
    if form.validate_on_submit():
        try:
            other = links.find_other(current_user, report, form.link_reference.data)
        except links.LinkError as error:
            form.link_reference.errors = [str(error)]
        else:
            made = links.link(report, other, by=current_user)
            shown = references.display(other.reference)
            flash(f"Report {shown} is linked to this report." if made else f"Report {shown} was already linked.")
            return redirect(report_page_url(report.id))
    return render_template("staff/report_links.html", report=report, viewer=current_user, form=form, link_form=form)


def report_page_url(report_id: int) -> str:
    for endpoint in REPORT_PAGE_ENDPOINTS:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, report_id=report_id, _anchor="linked-reports")
    return url_for("staff.report_links", report_id=report_id)
