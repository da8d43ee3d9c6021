"""The triage queue, its CSV export, the updates-due page and a report's page."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from portal.cases import bp, page
from portal.cases.filters import filters_from, queue_context
from portal.core import clock
from portal.services.cases import counts, queue, search, staff_view, updates_due
from portal.services.cases import export as csv_export
from portal.services.reporting import references
from portal.services.staff.permissions import REPORTS_EXPORT, REPORTS_VIEW
from portal.web.access import requires


@bp.get("/queue")
@requires(REPORTS_VIEW)
def queue_page():
    filters, now = filters_from(request.args), clock.now()
    result = queue.page(current_user, filters, now, after=request.args.get("after"))
    context = queue_context(current_user, filters, result, counts.for_queue(current_user, filters, now))
    if filters.search:
        search.audit(current_user, context["matching"])
    return render_template("staff/queue.html", now=now, viewer=current_user, **context)


@bp.get("/queue/export")
@requires(REPORTS_EXPORT, audit_view=False)
def export():
    now = clock.now()
    response = Response(csv_export.csv_for(current_user, filters_from(request.args), now), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{now:%Y-%m-%d}.csv"'
    return response


@bp.get("/updates-due")
@requires(REPORTS_VIEW)
def updates():
    return render_template(
        "staff/updates_due.html",
        due=updates_due.updates_due(current_user, clock.now()),
        due_date=updates_due.due_date,
        display_reference=references.display,
    )


@bp.get("/reports/<int:report_id>")
@requires(REPORTS_VIEW, audit_view=False)
def report(report_id: int):
    found = staff_view.view(current_user, report_id) or abort(404)
    return page.render(found)
