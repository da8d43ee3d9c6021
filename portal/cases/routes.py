"""The triage queue, its CSV export, the updates-due page and a report's page."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from portal.cases import bp, page
from portal.cases.filters import filters_from, queue_context
from portal.models.base import utcnow
from portal.services import queue, references, updates_due
from portal.services.csv_export import to_csv
from portal.services.export import HEADER, row_of
from portal.services.staff import audit
from portal.services.staff.permissions import REPORTS_EXPORT, REPORTS_VIEW, requires


@bp.get("/queue")
@requires(REPORTS_VIEW)
def queue_page():
    filters, now = filters_from(request.args), utcnow()
    result = queue.page(current_user, filters, now, after=request.args.get("after"))
    context = queue_context(current_user, filters, result)
    return render_template("staff/queue.html", now=now, viewer=current_user, **context)


@bp.get("/queue/export")
@requires(REPORTS_EXPORT, audit_view=False)
def export():
    filters = filters_from(request.args)
    now = utcnow()
    rows = [row_of(report, now) for report in queue.export_rows(current_user, filters, now)]
    detail = ", ".join(f"{k}={v}" for k, v in filters.as_args().items()) + f"; {len(rows)} rows"
    audit.record(current_user, "reports.exported", "queue", None, detail)
    response = Response(to_csv(HEADER, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{now:%Y-%m-%d}.csv"'
    return response


@bp.get("/updates-due")
@requires(REPORTS_VIEW)
def updates():
    return render_template(
        "staff/updates_due.html",
        due=updates_due.updates_due(current_user, utcnow()),
        due_date=updates_due.due_date,
        display_reference=references.display,
    )


@bp.get("/reports/<int:report_id>")
@requires(REPORTS_VIEW, audit_view=False)
def report(report_id: int):
    found = page.report_or_404(report_id)
    page.record(found, "report.viewed")
    return page.render(found)
