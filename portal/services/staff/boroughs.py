"""Boroughs to choose from when scoping an account."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models.ward import Borough


def choices() -> list[tuple[str, str]]:
    rows = session.execute(
        select(Borough.code, Borough.name).where(Borough.retired_at.is_(None)).order_by(Borough.name)
    )
    return [(code, name) for code, name in rows]
