"""Staff handling of reports, served under /staff: the triage queue, updates due, finding a case by reference, and
everything under /staff/reports/<id>: the report's page, the actions on it, its evidence files and its links."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/staff")

from portal.cases import actions, evidence, find, links, records, routes  # noqa: E402,F401  (registers the routes on bp)
