from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from portal.core.text import slugify
from portal.db import session
from portal.models import Borough, CrimeCategory, CrimeCount, Ward, WardTeamMember

_counter = itertools.count(1)


def make_borough(name: str | None = None, code: str | None = None) -> Borough:
    n = next(_counter)
    name = name or f"Test Borough {n}"
    borough = Borough(code=code or f"E09{n:06d}", name=name, slug=slugify(name))
    session.add(borough)
    session.commit()
    return borough


def make_ward(name: str | None = None, code: str | None = None, borough: Borough | None = None) -> Ward:
    n = next(_counter)
    name = name or f"Test Ward {n}"
    ward = Ward(
        code=code or f"E05{n:06d}",
        name=name,
        slug=slugify(name),
        borough=borough or make_borough(),
        lat=51.5,
        lon=-0.1,
    )
    session.add(ward)
    session.commit()
    return ward


# Ward pages: categories, monthly crime, content. Loading the bundled real files is in tests/support/ward_data.py.


def make_category(slug: str = "burglary", name: str = "Burglary", neighbourhood: bool = True) -> CrimeCategory:
    category = session.scalar(select(CrimeCategory).where(CrimeCategory.slug == slug))
    if category is None:
        category = CrimeCategory(slug=slug, name=name, neighbourhood=neighbourhood, advice_topic=slug)
        session.add(category)
        session.commit()
    return category


def make_monthly_crime(ward: Ward, category: CrimeCategory, counts: dict[date, int]) -> None:
    """Monthly counts for one ward and category, then the summaries a crime load would compute."""
    from portal.services.wards.summaries import refresh_summaries

    session.add_all(CrimeCount(ward_id=ward.id, category_id=category.id, month=m, count=n) for m, n in counts.items())
    session.flush()
    refresh_summaries([ward.id])
    session.commit()


def make_team_member(ward: Ward, name: str = "Sam Example", rank: str = "PC", demo: bool = False) -> WardTeamMember:
    member = WardTeamMember(
        ward_id=ward.id, name=name, rank=rank, role="Dedicated ward officer", email="team@example.org", is_demo=demo
    )
    session.add(member)
    session.commit()
    return member
