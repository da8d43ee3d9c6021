"""Staff accounts: signing in and out, the staff home page, account administration and the audit log."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import accounts, enrolment, routes  # noqa: E402,F401  (registers the routes on bp)
