from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

# Each area registers its routes with one import; "isort: split" keeps them separate lines, one per area.
from portal.staff import accounts, routes  # noqa: E402,F401  (registers the routes on bp)

# isort: split
from portal.staff import content, links, statistics  # noqa: E402,F401  (ward content, report links, statistics)

# isort: split
from portal.staff import evidence  # noqa: E402,F401  (evidence files on the report page)

# isort: split
from portal.staff import front_counter  # noqa: E402,F401  (find a case by reference)
