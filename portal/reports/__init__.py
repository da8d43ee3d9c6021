from flask import Blueprint

bp = Blueprint("reports", __name__)

from portal.reports import routes  # noqa: E402,F401  (registers the routes on bp)
