"""What the browser's session remembers about reports (the draft it is working on, by type), each with the moment
it was last used, so a pointer left in a shared computer's browser stops working after a while instead of lasting as
long as the browser does. The session cookie holds only these pointers: the draft and the report it becomes are
rows (the report sent from a draft is found through it: portal/reports/drafts.py), and a draft can still be
continued from its emailed link.
"""

from __future__ import annotations

from typing import Any

from portal.core import clock


def stamped(value: str) -> dict[str, Any]:
    """`value` with the moment it was remembered."""
    return {"value": value, "at": int(clock.now().timestamp())}


def fresh(entry: Any, max_age_seconds: int) -> str | None:
    """The remembered value if it was remembered within `max_age_seconds`, else None. Anything else in the session
    (a pointer from before pointers were stamped, a tampered value) counts as expired."""
    if not isinstance(entry, dict):
        return None
    value, at = entry.get("value"), entry.get("at")
    if not isinstance(value, str) or not isinstance(at, int) or isinstance(at, bool):
        return None
    age = clock.now().timestamp() - at
    return value if 0 <= age <= max_age_seconds else None
