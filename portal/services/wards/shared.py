"""What many ward pages share, read once per version of the public content (services/public_content.py) rather than
once per ward: the crime categories, the advice articles and each borough's priorities. Plain values, safe to keep
between requests, and never changed by a page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.db import session
from portal.models import AdviceArticle, BoroughPriority, CrimeCategory
from portal.services import public_content


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    sort_order: int


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    html: str
    categories: tuple[str, ...]  # the slugs of the crime categories it is advice for


def crime_categories() -> dict[int, Category]:
    """Every crime category, by id."""

    def load() -> dict[int, Category]:
        rows = session.execute(
            select(CrimeCategory.id, CrimeCategory.slug, CrimeCategory.name, CrimeCategory.sort_order)
        )
        return {row.id: Category(row.slug, row.name, row.sort_order) for row in rows}

    return public_content.kept("crime categories", load)


def advice_articles() -> list[Article]:
    """Every advice article, in order."""

    def load() -> list[Article]:
        articles = session.scalars(
            select(AdviceArticle).options(selectinload(AdviceArticle.categories)).order_by(AdviceArticle.sort_order)
        )
        return [Article(a.slug, a.title, a.summary, a.html, tuple(c.slug for c in a.categories)) for a in articles]

    return public_content.kept("advice articles", load)


def borough_priorities(borough_id: int) -> list[dict[str, object]]:
    """A borough's priority crimes, in order: shown on each of its wards' pages."""

    def load() -> list[dict[str, object]]:
        categories = crime_categories()
        rows = session.execute(
            select(BoroughPriority.category_id, BoroughPriority.suggested)
            .where(BoroughPriority.borough_id == borough_id)
            .order_by(BoroughPriority.sort_order)
        )
        return [
            {
                "slug": categories[row.category_id].slug,
                "name": categories[row.category_id].name,
                "suggested": row.suggested,
            }
            for row in rows
        ]

    return public_content.kept(f"borough priorities {borough_id}", load)
