from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import accounts, routes  # noqa: E402,F401  (registers the routes on bp)
from portal.staff import evidence  # noqa: E402,F401  (evidence files on the report page)
