"""Public pages rendered once per version of the public content, whichever process or machine asks first.

A rendering is kept in the process that made it and in the database (`rendered_page`, one row per page), under the
version of the public content it was made from (services/public_content.py). Another process needing the page takes
the stored rendering rather than making its own, and so does a process just started: after a restart or a new
release, a ward page is read back in a query instead of being rendered again. A change to the public content gives
it a new version, and every rendering made under an older one is ignored and, once made again, replaced.

The service stores what the web layer rendered (`render` is its function): it never renders anything itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.core import clock
from portal.db import session
from portal.models import RenderedPage
from portal.services import public_content


@dataclass(frozen=True)
class Rendered:
    html: str
    details: dict[str, Any] = field(default_factory=dict)  # what a response needs besides the HTML
    valid_until: datetime | None = None  # when the page changes by itself, whatever the version


# Per process: key -> (version, time.monotonic() until which it is used without looking again, the rendering).
_kept: dict[str, tuple[str, float, Rendered]] = {}


def page(key: str, render: Callable[[], Rendered | None]) -> Rendered | None:
    """The page `key` as rendered under the current version: kept by this process, else stored by any, else
    `render()` now (and stored). None when `render()` says there is no such page. WARD_PAGE_CACHE_SECONDS = 0
    (tests) renders every time and stores nothing."""
    seconds = current_app.config["WARD_PAGE_CACHE_SECONDS"]
    if not seconds:
        return render()
    version, now = public_content.version(), time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] == version and kept[1] > now:
        return kept[2]
    found = _stored(key, version)
    if found is None:
        found = render()
        if found is None:
            return None
        _store(key, version, found)
    left = (clock.aware(found.valid_until) - clock.now()).total_seconds() if found.valid_until else seconds
    _kept[key] = (version, now + min(seconds, left), found)
    return found


def _stored(key: str, version: str) -> Rendered | None:
    row = session.execute(
        select(RenderedPage.html, RenderedPage.details, RenderedPage.valid_until).where(
            RenderedPage.key == key, RenderedPage.version == version
        )
    ).first()
    if row is None or (row.valid_until is not None and clock.aware(row.valid_until) <= clock.now()):
        return None
    return Rendered(row.html, row.details, row.valid_until)


def _store(key: str, version: str, rendered: Rendered) -> None:
    """Keep the rendering for every process. Two processes storing the same page at once both have it right: the
    second to commit wins, or finds the row made and leaves it."""
    values = {
        "version": version,
        "html": rendered.html,
        "details": rendered.details,
        "valid_until": rendered.valid_until,
        "rendered_at": clock.now(),
    }
    try:
        if session.execute(update(RenderedPage).where(RenderedPage.key == key).values(values)).rowcount == 0:
            session.add(RenderedPage(key=key, **values))
        session.commit()
    except IntegrityError:
        session.rollback()


def forget() -> None:
    """Forget this process's renderings (after anything a public page shows has changed here)."""
    _kept.clear()
