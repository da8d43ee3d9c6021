"""Everything one ward page (and its JSON twin) shows, gathered in a handful of indexed queries and kept while it is
unchanged.

The statistics were summarised when the crime data was loaded; this module only reads and arranges them. The
result holds plain values, never ORM objects, so a cached copy is safe to share between requests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import (
    CrimeMonthWithoutFigures,
    Ward,
    WardCrimeSummary,
    WardMeeting,
    WardPriority,
    WardTeamMember,
)
from portal.services import public_content, rendered_pages
from portal.services.wards import search as ward_search
from portal.services.wards import shared
from portal.services.wards.boundaries import WardMap, borough_map
from portal.services.wards.charts import BarChart, bar_chart
from portal.services.wards.search import ward_by_code
from portal.services.wards.statistics import add_months, percent_change, trend

ASB = "anti-social-behaviour"
_cache: dict[str, tuple[float, str, WardPage]] = {}


@dataclass(frozen=True)
class CategoryFigures:
    slug: str
    name: str
    last_12: int
    previous_12: int
    recent_3: int
    year_ago_3: int
    rising: bool

    @property
    def change(self) -> int | None:
        return percent_change(self.last_12, self.previous_12)

    @property
    def trend(self) -> str:
        return trend(self.last_12, self.previous_12)

    @property
    def recent_change(self) -> int | None:
        return percent_change(self.recent_3, self.year_ago_3)


@dataclass(frozen=True)
class Advice:
    slug: str
    title: str
    summary: str
    html: str
    reason: str | None  # why this advice leads the page, e.g. "Theft from the person is up 40% ..."


@dataclass(frozen=True)
class Period:
    end: date

    def label(self, months_before_end: int, months: int) -> str:
        last = add_months(self.end, -months_before_end)
        first = add_months(last, -(months - 1))
        return f"{first:%B %Y} to {last:%B %Y}" if first.year != last.year else f"{first:%B} to {last:%B %Y}"


@dataclass
class WardPage:
    code: str
    name: str
    slug: str
    borough_code: str
    borough_name: str
    statistics_publisher: str | None
    retired: bool
    lat: float | None = None  # the ward's reference point: the nearest front counters are measured from it
    lon: float | None = None
    team: list[dict[str, str | None]] = field(default_factory=list)
    ward_priorities: list[dict[str, object]] = field(default_factory=list)
    borough_priorities: list[dict[str, object]] = field(default_factory=list)
    meetings: list[dict[str, object]] = field(default_factory=list)
    figures: list[CategoryFigures] = field(default_factory=list)
    period: Period | None = None
    lead_advice: list[Advice] = field(default_factory=list)
    more_advice: list[Advice] = field(default_factory=list)
    chart: BarChart | None = None
    map: WardMap | None = None
    has_demo_content: bool = False
    # Months in the two years compared for which no figures were published for this ward.
    months_without_figures: list[date] = field(default_factory=list)
    # When the page changes by itself, whatever else changes: its first upcoming meeting starts (and leaves the list).
    changes_at: datetime | None = None

    @property
    def rising(self) -> list[CategoryFigures]:
        return [figures for figures in self.figures if figures.rising]

    @property
    def team_email(self) -> str | None:
        return next((member["email"] for member in self.team if member["email"]), None)

    @property
    def total_last_12(self) -> int:
        return sum(f.last_12 for f in self.figures)

    @property
    def total_previous_12(self) -> int:
        return sum(f.previous_12 for f in self.figures)


def ward_page(code: str) -> WardPage | None:
    """The ward page for a GSS code, or None when no ward has it. Kept by this process while the public content
    keeps its version (another process's change is seen within CONTENT_VERSION_CHECK_SECONDS) and for
    WARD_PAGE_CACHE_SECONDS at most, since upcoming meetings pass."""
    seconds = current_app.config["WARD_PAGE_CACHE_SECONDS"]
    version = public_content.version() if seconds else ""
    cached = _cache.get(code.upper())
    if seconds and cached and cached[0] > time.monotonic() and cached[1] == version:
        return cached[2]
    ward = ward_by_code(code)
    if ward is None:
        return None
    built = _build(ward)
    if seconds:
        left = (built.changes_at - clock.now()).total_seconds() if built.changes_at else seconds
        _cache[ward.code] = (time.monotonic() + min(seconds, left), version, built)
    return built


def clear_cache() -> None:
    """Forget cached pages, renderings and ward lookups in this process (called after anything a ward page shows has
    changed; other processes learn of it from the public content's version)."""
    _cache.clear()
    ward_search.clear_cache()
    public_content.forget_here()
    rendered_pages.forget()


def _build(ward: Ward) -> WardPage:
    page = WardPage(
        code=ward.code,
        name=ward.name,
        slug=ward.slug,
        borough_code=ward.borough.code,
        borough_name=ward.borough.name,
        statistics_publisher=ward.borough.statistics_publisher,
        retired=ward.retired_at is not None,
        lat=ward.lat,
        lon=ward.lon,
    )
    _add_content(page, ward)
    categories = shared.crime_categories()
    summaries = sorted(
        session.execute(
            select(
                WardCrimeSummary.category_id,
                WardCrimeSummary.last_12,
                WardCrimeSummary.previous_12,
                WardCrimeSummary.recent_3,
                WardCrimeSummary.year_ago_3,
                WardCrimeSummary.rising,
                WardCrimeSummary.period_end,
            ).where(WardCrimeSummary.ward_id == ward.id)
        ).all(),
        key=lambda s: (-s.last_12, categories[s.category_id].sort_order),
    )
    if summaries:
        page.period = Period(summaries[0].period_end)
        for s in summaries:
            if s.last_12 or s.previous_12:
                category = categories[s.category_id]
                figures = (s.last_12, s.previous_12, s.recent_3, s.year_ago_3, s.rising)
                page.figures.append(CategoryFigures(category.slug, category.name, *figures))
        page.chart = bar_chart(page.figures)
        first = add_months(page.period.end, -23)
        page.months_without_figures = list(
            session.scalars(
                select(CrimeMonthWithoutFigures.month)
                .where(CrimeMonthWithoutFigures.ward_id == ward.id, CrimeMonthWithoutFigures.month >= first)
                .order_by(CrimeMonthWithoutFigures.month)
            )
        )
    _add_advice(page)
    page.map = borough_map(ward)
    return page


def _add_content(page: WardPage, ward: Ward) -> None:
    # Columns rather than objects: read once per ward and version, then kept as plain values.
    team = session.execute(
        select(WardTeamMember.name, WardTeamMember.rank, WardTeamMember.role, WardTeamMember.email)
        .add_columns(WardTeamMember.bio, WardTeamMember.is_demo)
        .where(WardTeamMember.ward_id == ward.id)
        .order_by(WardTeamMember.sort_order)
    ).all()
    page.team = [{"name": m.name, "rank": m.rank, "role": m.role, "email": m.email, "bio": m.bio} for m in team]
    priorities = session.execute(
        select(WardPriority.issue, WardPriority.action, WardPriority.issue_date, WardPriority.action_date)
        .add_columns(WardPriority.is_demo)
        .where(WardPriority.ward_id == ward.id)
        .order_by(WardPriority.issue_date.desc())
    ).all()
    page.ward_priorities = [
        {"issue": p.issue, "action": p.action, "issue_date": p.issue_date, "action_date": p.action_date}
        for p in priorities
    ]
    page.borough_priorities = shared.borough_priorities(ward.borough_id)
    meetings = session.execute(
        select(WardMeeting.title, WardMeeting.type, WardMeeting.description, WardMeeting.address)
        .add_columns(WardMeeting.starts_at, WardMeeting.ends_at, WardMeeting.is_demo)
        .where(WardMeeting.ward_id == ward.id, WardMeeting.starts_at >= clock.now())
        .order_by(WardMeeting.starts_at)
    ).all()
    page.meetings = [
        {
            "title": m.title,
            "type": m.type,
            "description": m.description,
            "address": m.address,
            "starts_at": _naive(m.starts_at),
            "ends_at": _naive(m.ends_at) if m.ends_at else None,
        }
        for m in meetings
    ]
    page.changes_at = clock.aware(meetings[0].starts_at) if meetings else None
    page.has_demo_content = any(x.is_demo for x in (*team, *priorities, *meetings))


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _reason(figures: CategoryFigures, period: Period) -> str:
    recent, year_ago = period.label(0, 3), period.label(12, 3)
    if figures.recent_change is None:
        return f"{figures.name} is up from none to {figures.recent_3:,} offences in {recent}, compared with {year_ago}."
    return (
        f"{figures.name} is up {figures.recent_change}% in the last 3 months compared with a year ago "
        f"({figures.recent_3:,} offences in {recent}, against {figures.year_ago_3:,} in {year_ago})."
    )


def _add_advice(page: WardPage) -> None:
    """Lead with advice for rising categories and say why; otherwise the borough priorities and ASB."""
    by_category: dict[str, list[Advice]] = {}
    for article in shared.advice_articles():
        for slug in article.categories:
            by_category.setdefault(slug, []).append(
                Advice(article.slug, article.title, article.summary, article.html, None)
            )
    shown: set[str] = set()
    # The biggest rise in offences leads.
    for figures in sorted(page.rising, key=lambda f: f.year_ago_3 - f.recent_3):
        for article in by_category.get(figures.slug, [])[:1]:
            if article.slug not in shown and page.period is not None:
                shown.add(article.slug)
                page.lead_advice.append(_advice(article, _reason(figures, page.period)))
    wanted = [str(p["slug"]) for p in page.borough_priorities] + [ASB]
    for slug in wanted:
        for article in by_category.get(slug, [])[:1]:
            if article.slug not in shown:
                shown.add(article.slug)
                page.more_advice.append(_advice(article, None))


def _advice(article: Advice, reason: str | None) -> Advice:
    return Advice(article.slug, article.title, article.summary, article.html, reason)
