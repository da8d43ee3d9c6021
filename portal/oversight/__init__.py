"""Oversight, served under /staff: ward content (teams, priorities, meetings, borough priority crimes) and
statistics over the reports in a person's scope."""

from flask import Blueprint

bp = Blueprint("oversight", __name__, url_prefix="/staff")

from portal.oversight import content, statistics  # noqa: E402,F401  (registers the routes on bp)
