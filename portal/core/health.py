"""The health check: whether the database answers (for /healthz and the load balancer in front of the portal)."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.db import db

log = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        log.warning("health check: database unreachable")
        return False
