"""Statistics over the reports in the viewer's scope."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.oversight import bp
from portal.services.oversight import statistics
from portal.services.staff.permissions import REPORTS_VIEW
from portal.services.staff.scope import scope_description
from portal.web.access import requires


@bp.get("/statistics")
@requires(REPORTS_VIEW)
def statistics_page():
    return render_template(
        "oversight/statistics.html", figures=statistics.for_viewer(current_user), scope=scope_description(current_user)
    )
