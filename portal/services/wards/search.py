"""Find wards by ward or borough name: used by the ward finder and by report journeys' "where did it happen"."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.models import Borough, Ward
from portal.services.wards.datafile import GSS_CODE


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
    """The ward with this GSS code. Anything not shaped like one (a NUL, a 100,000-character string) is not looked
    up at all: no ward has it, and the database need not be asked."""
    if not GSS_CODE.match(code.upper()):
        return None
    return session.scalar(select(Ward).options(joinedload(Ward.borough)).where(Ward.code == code.upper()))


@dataclass(frozen=True)
class WardChoice:
    """What a report journey needs of a ward: plain values, safe to keep between requests."""

    id: int
    code: str
    name: str
    borough_name: str
    retired: bool

    @classmethod
    def of(cls, ward: Ward) -> WardChoice:
        return cls(ward.id, ward.code, ward.name, ward.borough.name, ward.retired_at is not None)

    @property
    def label(self) -> str:
        return f"{self.name}, {self.borough_name}"


_choices: dict[str, tuple[float, WardChoice | None]] = {}


def ward_choice(code: str) -> WardChoice | None:
    """A ward by GSS code for the report journeys, kept per process for WARD_PAGE_CACHE_SECONDS: every step and
    the final submission check the chosen ward, and wards change only when boundaries are reloaded."""
    key = code.upper()
    if not GSS_CODE.match(key):
        return None  # never cached: the cache holds only codes shaped like real ones
    seconds = current_app.config["WARD_PAGE_CACHE_SECONDS"]
    cached = _choices.get(key)
    if seconds and cached and cached[0] > time.monotonic():
        return cached[1]
    ward = ward_by_code(key)
    choice = WardChoice.of(ward) if ward is not None else None
    if seconds:
        _choices[key] = (time.monotonic() + seconds, choice)
    return choice


def clear_cache() -> None:
    _choices.clear()
