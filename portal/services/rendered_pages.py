"""Public pages rendered once per version of the public content, whichever process or machine asks first.

A rendering is kept in the process that made it and in the database (`rendered_page`, one row per page), under the
version of the public content it was made from (services/public_content.py) and the release that made it: the
portal's own code, templates and data files, the versions of the packages that render, and the settings every page
shows. Another process of the same release needing the page takes the stored rendering rather than making its own,
and so does a process just restarted: a ward page is read back in a query instead of being rendered again. A change
to the public content, a new release or a new setting makes every stored rendering count for nothing until it is
made again and replaces it.

The service stores what the web layer rendered (`render` is its function): it never renders anything itself.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.config import SERVICE_SETTINGS
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


PORTAL = Path(__file__).resolve().parents[1]
RENDERING_PACKAGES = ("flask", "jinja2", "wtforms", "govuk-frontend-jinja", "govuk-frontend-wtf", "markupsafe")
_releases: dict[int, str] = {}


def release() -> str:
    """A digest of everything a rendering depends on besides the public content, worked out once per process."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = _releases.get(id(app))
    if found is None:
        digest = hashlib.blake2b(digest_size=8)
        for path in sorted(PORTAL.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and PORTAL / "static" not in path.parents:
                digest.update(str(path.relative_to(PORTAL)).encode() + b"\0" + path.read_bytes())
        for package in RENDERING_PACKAGES:
            digest.update(f"{package} {metadata.version(package)}".encode())
        for setting in SERVICE_SETTINGS:
            digest.update(f"{setting}={app.config[setting]}".encode())
        found = _releases[id(app)] = digest.hexdigest()
    return found


def page(key: str, render: Callable[[], Rendered | None]) -> Rendered | None:
    """The page `key` as rendered under the current version: kept by this process, else stored by any, else
    `render()` now (and stored). None when `render()` says there is no such page. WARD_PAGE_CACHE_SECONDS = 0
    (tests) renders every time and stores nothing."""
    seconds = current_app.config["WARD_PAGE_CACHE_SECONDS"]
    if not seconds:
        return render()
    version, now = f"{public_content.version()}-{release()}", time.monotonic()
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
    """Forget this process's renderings, as a process just started has none (and works out its release afresh)."""
    _kept.clear()
    _releases.clear()
