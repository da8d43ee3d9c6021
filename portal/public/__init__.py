from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import lost_found, routes, where_to_report  # noqa: E402,F401  (registers the routes on bp)
