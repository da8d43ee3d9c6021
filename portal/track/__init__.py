from flask import Blueprint

bp = Blueprint("track", __name__, url_prefix="/track")

from portal.track import case_routes, routes  # noqa: E402,F401  (registers the routes on bp)
