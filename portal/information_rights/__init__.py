"""Information rights, served under /staff/information-rights: subject access requests, retention reviews,
restricted reports, legal holds and the retention schedule (docs/retention.md)."""

from flask import Blueprint

bp = Blueprint("information_rights", __name__, url_prefix="/staff/information-rights")

from portal.information_rights import access, reviews, routes  # noqa: E402,F401  (registers the routes on bp)
