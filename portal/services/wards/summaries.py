"""Summaries computed when crime is loaded: last 12 months against the previous 12, and rising flags.

Ward pages read these rows as they are; nothing is aggregated per request. Changing the thresholds in the
configuration takes effect at the next `flask crime summarise` (or load).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import current_app
from sqlalchemy import delete, func, select

from portal.core import clock
from portal.db import session
from portal.models import (
    BoroughPriority,
    CrimeCategory,
    CrimeCount,
    CrimeMonthWithoutFigures,
    Ward,
    WardCrimeSummary,
)
from portal.services.wards.statistics import RisingRule, summarise

CHUNK = 500


def rising_rule() -> RisingRule:
    config = current_app.config
    return RisingRule(config["WARD_RISING_MIN_PERCENT"], config["WARD_RISING_MIN_OFFENCES"])


def refresh_summaries(ward_ids: list[int] | None = None) -> int:
    """Recompute the summaries of the given wards (all wards with counts when None). Returns the rows written."""
    if ward_ids is None:
        ward_ids = list(session.scalars(select(CrimeCount.ward_id).distinct()))
    rule = rising_rule()
    now = clock.now()
    written = 0
    for start in range(0, len(ward_ids), CHUNK):
        chunk = ward_ids[start : start + CHUNK]
        series: dict[int, dict[int, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
        rows = session.execute(
            select(CrimeCount.ward_id, CrimeCount.category_id, CrimeCount.month, CrimeCount.count).where(
                CrimeCount.ward_id.in_(chunk)
            )
        )
        for ward_id, category_id, month, count in rows:
            series[ward_id][category_id][month] = count
        gaps: dict[int, set[date]] = defaultdict(set)
        for ward_id, month in session.execute(
            select(CrimeMonthWithoutFigures.ward_id, CrimeMonthWithoutFigures.month).where(
                CrimeMonthWithoutFigures.ward_id.in_(chunk)
            )
        ):
            gaps[ward_id].add(month)
        session.execute(delete(WardCrimeSummary).where(WardCrimeSummary.ward_id.in_(chunk)))
        values = []
        for ward_id, by_category in series.items():
            # The newest month a ward has figures for is its last complete month: publishers release whole months.
            # A month with no figures published still counts as published: it is left out of the comparisons.
            period_end = max([month for months in by_category.values() for month in months] + list(gaps[ward_id]))
            without = frozenset(gaps[ward_id])
            for category_id, counts in by_category.items():
                summary = summarise(counts, period_end, rule, without)
                values.append(
                    {
                        "ward_id": ward_id,
                        "category_id": category_id,
                        "period_end": period_end,
                        "created_at": now,
                        "updated_at": now,
                        **summary.__dict__,
                    }
                )
        if values:
            session.connection().execute(WardCrimeSummary.__table__.insert(), values)
        written += len(values)
    return written


def suggest_borough_priorities() -> int:
    """Suggest each borough's two priority crimes: its two highest-volume neighbourhood crime types last year.

    Boroughs whose agreed priorities staff have set keep them; only suggestions are replaced.
    """
    totals = session.execute(
        select(Ward.borough_id, WardCrimeSummary.category_id, func.sum(WardCrimeSummary.last_12))
        .join(Ward, Ward.id == WardCrimeSummary.ward_id)
        .join(CrimeCategory, CrimeCategory.id == WardCrimeSummary.category_id)
        .where(CrimeCategory.neighbourhood.is_(True), Ward.retired_at.is_(None))
        .group_by(Ward.borough_id, WardCrimeSummary.category_id)
    ).all()
    by_borough: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for borough_id, category_id, total in totals:
        by_borough[borough_id].append((int(total or 0), category_id))
    agreed = set(session.scalars(select(BoroughPriority.borough_id).where(BoroughPriority.suggested.is_(False))))
    session.execute(delete(BoroughPriority).where(BoroughPriority.suggested.is_(True)))
    suggested = 0
    for borough_id, ranked in by_borough.items():
        if borough_id in agreed:
            continue
        top = sorted(ranked, key=lambda item: (-item[0], item[1]))[:2]
        for order, (_total, category_id) in enumerate(top):
            session.add(
                BoroughPriority(borough_id=borough_id, category_id=category_id, suggested=True, sort_order=order)
            )
            suggested += 1
    session.commit()
    return suggested


def refresh_all() -> int:
    """Recompute every ward's summaries (after the thresholds change) and commit."""
    written = refresh_summaries()
    session.commit()
    return written
