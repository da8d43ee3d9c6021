"""Linked reports and possible duplicates: a page of their own (where a failed link shows its error summary), and
the action that links two reports. The staff report page shows the same section."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.cases import bp, page
from portal.forms.cases import LinkForm
from portal.services.oversight import links
from portal.services.reporting import references
from portal.services.staff.permissions import REPORTS_TRIAGE, REPORTS_VIEW
from portal.web.access import requires


@bp.get("/reports/<int:report_id>/links")
@requires(REPORTS_VIEW)
def report_links(report_id: int):
    report = links.visible_report(current_user, report_id) or abort(404)
    return render_template(
        "staff/report_links.html",
        report=report,
        links_view=page.links_view(report, LinkForm()),
        duplicates=page.duplicates_view(report),
    )


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
            return redirect(url_for("cases.report", report_id=report.id, _anchor="linked-reports"))
    return render_template(
        "staff/report_links.html",
        report=report,
        form=form,
        links_view=page.links_view(report, form),
        duplicates=page.duplicates_view(report),
    )
