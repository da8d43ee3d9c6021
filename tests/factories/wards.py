from __future__ import annotations

import itertools

from portal.db import session
from portal.models import Borough, Ward
from portal.text import slugify

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
