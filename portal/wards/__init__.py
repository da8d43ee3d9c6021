"""Ward pages: find your ward, the ward page, residents' priorities and the JSON API."""

from flask import Blueprint

bp = Blueprint("wards", __name__)

from portal.wards import routes  # noqa: E402,F401  (routes register themselves on bp)
