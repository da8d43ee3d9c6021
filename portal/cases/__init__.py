from flask import Blueprint

# Staff handling of reports: the triage queue, a report's page and every action on it. Served under /staff.
bp = Blueprint("cases", __name__, url_prefix="/staff")

from portal.cases import actions, routes  # noqa: E402,F401  (registers the routes on bp)
