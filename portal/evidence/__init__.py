from flask import Blueprint

bp = Blueprint("evidence", __name__)

from portal.evidence import routes  # noqa: E402,F401  (registers the routes on bp)
