"""Online reports: every report type's pages, check your answers, evidence files, save and come back later."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from portal.reports import files, routes  # noqa: E402,F401  (registers the routes on bp)
