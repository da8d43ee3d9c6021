"""The front counters' step of `flask demo load`: the bundled file of confirmed front counters (real data, see
ward_pages/data/SOURCES.md)."""

from __future__ import annotations

from portal.demo.wards import DATA
from portal.services.front_counters.load import load_front_counters

FRONT_COUNTERS_FILE = DATA / "front_counters.csv"


def front_counters_demo() -> str:
    return str(load_front_counters(FRONT_COUNTERS_FILE))
