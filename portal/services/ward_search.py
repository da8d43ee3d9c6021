"""Find wards by ward or borough name: used by the ward finder and by report journeys' "where did it happen"."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.models import Borough, Ward


def search_wards(query: str, limit: int = 50) -> list[Ward]:
    """Current wards whose name or borough name contains every word of `query`, exact ward-name matches first."""
    words = [word for word in query.lower().split() if word]
    if not words:
        return []
    statement = select(Ward).join(Ward.borough).options(joinedload(Ward.borough)).where(Ward.retired_at.is_(None))
    for word in words:
        pattern = f"%{word}%"
        statement = statement.where(or_(func.lower(Ward.name).like(pattern), func.lower(Borough.name).like(pattern)))
    # Best matches first: the exact name, then names starting with what was typed (so "west en" suggests West End
    # as someone types), then names containing it, then wards matched through their borough's name.
    phrase = " ".join(words)
    name = func.lower(Ward.name)
    rank = case(
        (name == phrase, 0),
        (name.like(f"{phrase}%"), 1),
        (name.like(f"%{phrase}%"), 2),
        else_=3,
    )
    statement = statement.order_by(rank, Ward.name, Borough.name).limit(limit)
    return list(session.scalars(statement))


def ward_by_code(code: str) -> Ward | None:
    return session.scalar(select(Ward).options(joinedload(Ward.borough)).where(Ward.code == code.upper()))
