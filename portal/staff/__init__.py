"""Staff accounts: signing in and out, the staff home page, account administration and the audit log."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import accounts, enrolment, navigation, routes  # noqa: E402,F401  (registers the routes on bp)

# The staff layout's header, on every page under /staff whichever blueprint renders it.
bp.add_app_template_global(navigation.staff_header, "staff_header")
