"""Finding a ward without a search: the A–Z by borough, and readable slug URLs that redirect to the ward code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.db import session
from portal.models import Borough, Ward
from portal.services.wards.datafile import GSS_CODE


def looks_like_code(text: str) -> bool:
    return bool(GSS_CODE.match(text.upper()))


def boroughs_a_to_z() -> list[tuple[Borough, list[Ward]]]:
    """Current boroughs A–Z, each with its current wards A–Z."""
    boroughs = session.scalars(
        select(Borough).options(selectinload(Borough.wards)).where(Borough.retired_at.is_(None)).order_by(Borough.name)
    ).all()
    return [(b, [w for w in b.wards if w.retired_at is None]) for b in boroughs]


def wards_by_slug(slug: str) -> list[Ward]:
    """Current wards with this slug; several boroughs can have a ward of the same name."""
    statement = select(Ward).where(Ward.slug == slug.lower(), Ward.retired_at.is_(None)).order_by(Ward.code)
    return list(session.scalars(statement))


def ward_by_slugs(borough_slug: str, ward_slug: str) -> Ward | None:
    return session.scalar(
        select(Ward)
        .join(Ward.borough)
        .where(Borough.slug == borough_slug.lower(), Ward.slug == ward_slug.lower(), Ward.retired_at.is_(None))
    )
