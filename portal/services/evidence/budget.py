"""Uploads one client may make in a day, and the free space kept on the evidence disk (security check 22).

The per-file and per-report limits bound one report, but not how many drafts a client starts: one client could fill
the disk. So each client (an IPv4 address or an IPv6 /64) may upload EVIDENCE_CLIENT_DAILY_BYTES a day (London
days), and no upload is taken once the disk would be left with less than EVIDENCE_MIN_FREE_BYTES. Either refusal is
a message naming the file, and the report and the files already attached are kept.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.core import clock, tokens
from portal.db import session
from portal.models.evidence import UploadAllowance
from portal.services.evidence.limits import describe_size
from portal.services.evidence.storage import Storage


def _client() -> str | None:
    if not has_request_context():
        return None  # a command or job, not a client on the web
    return tokens.keyed("uploads:" + str(current_app.extensions["client_group"]()))


def _today() -> date:
    return clock.london_date(clock.now())


def used_today(client: str) -> int:
    query = select(UploadAllowance.bytes).where(UploadAllowance.client_key == client, UploadAllowance.day == _today())
    return int(session.scalar(query) or 0)


def refusal(name: str, size: int | None, store: Storage, received: bool = False) -> str | None:
    """Why `name` cannot be taken now (the disk is nearly full, or this client has uploaded its day's worth), or
    None when it can. `size` is the declared size before receiving, or the real one once `received` (when the
    file's bytes are already on the disk, so count only against the budget)."""
    config = current_app.config
    free = store.free_bytes()
    declared = 0 if received else size
    if free is not None and free - (declared or 0) < int(config["EVIDENCE_MIN_FREE_BYTES"]):
        return (
            f"We cannot take ‘{name}’ at the moment. Your report and the files already attached are kept: try again "
            "later, or send your report without it and add files later from your case page"
        )
    client = _client()
    daily = int(config["EVIDENCE_CLIENT_DAILY_BYTES"])
    if client is not None and used_today(client) + (size or 0) > daily:
        return (
            f"‘{name}’ cannot be added today: we take up to {describe_size(daily)} of files a day from one "
            "connection. Your report and the files already attached are kept"
        )
    return None


def spend(size: int) -> None:
    """Count `size` bytes received from this client today (in the caller's transaction)."""
    client = _client()
    if client is None:
        return
    day = _today()
    counted = session.execute(
        update(UploadAllowance)
        .where(UploadAllowance.client_key == client, UploadAllowance.day == day)
        .values(bytes=UploadAllowance.bytes + size)
        .execution_options(synchronize_session=False)
    ).rowcount
    if counted:
        return
    try:
        with session.begin_nested():
            session.add(UploadAllowance(client_key=client, day=day, bytes=size))
    except IntegrityError:  # another upload from this client started the day's row first
        session.execute(
            update(UploadAllowance)
            .where(UploadAllowance.client_key == client, UploadAllowance.day == day)
            .values(bytes=UploadAllowance.bytes + size)
            .execution_options(synchronize_session=False)
        )
