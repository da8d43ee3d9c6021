"""Test databases: a fresh SQLite file, or a private PostgreSQL database made for this run.

A private database per run (rather than the shared `test` database itself) lets two test runs on one machine, such
as CI and a developer, run at the same time without truncating each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url_from_env() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def private_postgres_database(url: str) -> Iterator[str]:
    """Create a throwaway database beside `url`'s and yield its URL; drop it afterwards."""
    base = make_url(url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"dps_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # noqa: BLE001 - no CREATE DATABASE right: use the given database as it is
        admin.dispose()
        yield url
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
