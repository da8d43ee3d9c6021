"""The version of the public content: what the public pages show, and how every process learns that it has changed.

The ward pages, the A to Z, the front counters and the privacy notice are rendered once and kept, in each process
and in nginx's cache (docs/adr/0009). Whatever changes their data (a staff edit, a loader, the retention schedule) is
written through the database session, and the session gives the one version row a new random value in the same
transaction, before the change itself: `watch()` installs that on the application's sessions. Each process reads
the row at most every CONTENT_VERSION_CHECK_SECONDS and keeps a page only while the version it was rendered under is
the one it last read; so a change made by any process, on any machine, reaches every process's pages within that
many seconds. A change made in this process is seen at once.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar

from flask import Flask, current_app
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from portal.core import clock
from portal.db import session
from portal.db_writes import WATCHED_TABLES
from portal.models import PublicContentVersion

# The tables whose rows some public page shows. A table a public page starts to read belongs here.
PUBLIC_TABLES = frozenset(
    {
        "ward",
        "borough",
        "ward_boundary",
        "crime_category",
        "crime_category_mapping",
        "crime_count",
        "ward_crime_summary",
        "crime_month_without_figures",
        "advice_article",
        "advice_article_category",
        "ward_team_member",
        "ward_priority",
        "borough_priority",
        "ward_meeting",
        "front_counter",
        "retention_rule",
    }
)
ROW_ID = 1
T = TypeVar("T")
# Per process: key -> (the version it was built under, the value).
_kept: dict[str, tuple[str, Any]] = {}


@dataclass
class _Seen:
    version: str | None = None
    read_at: float = float("-inf")


_all_seen: list[_Seen] = []


def _seen(app: Flask) -> _Seen:
    seen = app.extensions.get("public_content")
    if seen is None:
        seen = app.extensions["public_content"] = _Seen()
        _all_seen.append(seen)
    return seen  # type: ignore[no-any-return]


def version() -> str:
    """The version this process last read, read again if that was CONTENT_VERSION_CHECK_SECONDS ago or more."""
    seen = _seen(current_app)
    now = time.monotonic()
    if seen.version is None or now - seen.read_at >= current_app.config["CONTENT_VERSION_CHECK_SECONDS"]:
        # A missing row (a database emptied by hand) is a version like any other.
        value = session.scalar(select(PublicContentVersion.version).where(PublicContentVersion.id == ROW_ID))
        seen.version, seen.read_at = value or "", now
    return seen.version


def kept(key: str, build: Callable[[], T]) -> T:
    """`build()`, kept by this process while the public content keeps its version. WARD_PAGE_CACHE_SECONDS = 0
    (tests) keeps nothing."""
    if not current_app.config["WARD_PAGE_CACHE_SECONDS"]:
        return build()
    current = version()
    found = _kept.get(key)
    if found is not None and found[0] == current:
        return found[1]  # type: ignore[no-any-return]
    value = build()
    _kept[key] = (current, value)
    return value


def forget_here() -> None:
    """Forget what this process keeps (its version included): after a change made here, or between tests."""
    _kept.clear()
    for seen in _all_seen:
        seen.version = None


def known_version(app: Flask) -> str | None:
    """The version as last read, while it is recent enough to trust; None when it is due to be read again."""
    seen = _seen(app)
    if seen.version is None or time.monotonic() - seen.read_at >= app.config["CONTENT_VERSION_CHECK_SECONDS"]:
        return None
    return seen.version


def _bump(target: Session) -> None:
    values = {"version": secrets.token_hex(8), "changed_at": clock.now()}
    connection = target.connection()
    done = connection.execute(update(PublicContentVersion).where(PublicContentVersion.id == ROW_ID).values(values))
    if done.rowcount == 0:
        connection.execute(insert(PublicContentVersion).values(id=ROW_ID, **values))
    target.info["public_content_changed"] = True


def _table_of(instance: Any) -> str:
    return str(instance.__table__.name)


def _before_flush(target: Session, _context: Any, _instances: Any) -> None:
    touched = chain(target.new, target.deleted, (i for i in target.dirty if target.is_modified(i)))
    if any(_table_of(instance) in PUBLIC_TABLES for instance in touched):
        _bump(target)


def _before_execute(state: ORMExecuteState) -> None:
    # Bulk statements (an INSERT of many rows, an UPDATE or DELETE with a WHERE) bypass the flush.
    if state.is_insert or state.is_update or state.is_delete:
        table = state.statement.table  # type: ignore[attr-defined]
        if table.name in PUBLIC_TABLES:
            _bump(state.session)


def watch(factory: sessionmaker[Session], app: Flask) -> None:
    """Bump the version whenever a session of `factory` writes to a public table, and let this process see its own
    change as soon as it is committed."""

    def after_commit(target: Session) -> None:
        if target.info.pop("public_content_changed", False):
            _seen(app).version = None

    def after_rollback(target: Session) -> None:
        target.info.pop("public_content_changed", None)

    WATCHED_TABLES.update(PUBLIC_TABLES)  # never written below the ORM, where these events would not see it
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _before_execute)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_soft_rollback", lambda target, _previous: after_rollback(target))
