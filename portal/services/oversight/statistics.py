"""Statistics for supervisors and officers, over the reports in their scope: reports by type, ward and week (the
last 12 weeks), the median time from submission to triage, and whether victims' updates are on time. Restricted
reports are never counted (services/cases/scope.py).

Counting happens in the database (GROUP BY, one CASE per week) so the page stays quick however many reports
there are; only the triage times and the public-update events of the period are read row by row.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, or_, select

from portal.core.clock import LONDON, aware, london_date
from portal.db import session
from portal.models import Borough, CaseEvent, Report, StaffUser, Ward
from portal.report_types import REPORT_TYPES
from portal.report_types.hate_crime import STRANDS
from portal.services.cases import events
from portal.services.cases.clocks import next_update_due
from portal.services.cases.scope import not_restricted
from portal.services.staff.scope import ward_scope_condition

WEEKS = 12
TRIAGED = "triaged"


@dataclass
class Statistics:
    start: date
    end: date  # the last day counted (today)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_ward: list[tuple[str, int]] = field(default_factory=list)
    by_week: list[tuple[date, int]] = field(default_factory=list)
    total: int = 0
    triaged: int = 0
    median_to_triage: timedelta | None = None
    updates_on_time: int = 0
    updates_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    # Perceived hate crime, counted on its own: reports flagged, and how often each strand was perceived.
    hate_crime: int = 0
    hate_crime_by_strand: list[tuple[str, int]] = field(default_factory=list)


def type_label(title: str) -> str:
    """ "Report a road traffic incident" → "Road traffic incident"."""
    words = title.removeprefix("Report ").split(" ")
    if words[0] in ("a", "an") and len(words) > 1:
        words = words[1:]
    return " ".join(words).capitalize()


def _london_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


def for_viewer(viewer: StaffUser, now: datetime | None = None) -> Statistics:
    now = aware(now or datetime.now(UTC))
    today = london_date(now)
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS - 1)
    result = Statistics(start=first_monday, end=today)
    since = _london_midnight(first_monday)
    scope = and_(ward_scope_condition(viewer, Report.ward_id), not_restricted(), Report.submitted_at >= since)
    _counts(result, scope, first_monday)
    _hate_crime(result, scope)
    _triage(result, scope)
    _updates(result, viewer, since, now)
    return result


def _counts(result: Statistics, scope: ColumnElement[bool], first_monday: date) -> None:
    rows = session.execute(select(Report.report_type, func.count()).where(scope).group_by(Report.report_type))
    names = {slug: type_label(report_type.title) for slug, report_type in REPORT_TYPES.items()}
    result.by_type = sorted(((names.get(t, t), n) for t, n in rows.tuples()), key=lambda r: (-r[1], r[0]))
    result.total = sum(n for _, n in result.by_type)

    ward_rows = session.execute(
        select(Ward.name, Borough.name, func.count(Report.id))
        .select_from(Report)
        .outerjoin(Ward, Ward.id == Report.ward_id)
        .outerjoin(Borough, Borough.id == Ward.borough_id)
        .where(scope)
        .group_by(Report.ward_id, Ward.name, Borough.name)
    ).all()
    by_ward = [(f"{ward}, {borough}" if ward else "Ward not known", n) for ward, borough, n in ward_rows]
    result.by_ward = sorted(by_ward, key=lambda r: (-r[1], r[0]))

    mondays = [first_monday + timedelta(weeks=n) for n in range(WEEKS)]
    bounds = [_london_midnight(day) for day in [*mondays, mondays[-1] + timedelta(weeks=1)]]
    columns = [
        func.coalesce(func.sum(case((and_(Report.submitted_at >= lo, Report.submitted_at < hi), 1), else_=0)), 0)
        for lo, hi in zip(bounds, bounds[1:], strict=False)
    ]
    counts = session.execute(select(*columns).where(scope)).one()
    result.by_week = list(zip(mondays, (int(n) for n in counts), strict=True))


def _hate_crime(result: Statistics, scope: ColumnElement[bool]) -> None:
    """Only the flagged reports' strands are read: a report may name several, so strands add up to more than the
    reports."""
    strands = session.scalars(select(Report.hate_crime_strands).where(scope, Report.flag_hate_crime.is_(True))).all()
    result.hate_crime = len(strands)
    counted = Counter(strand for chosen in strands for strand in chosen or [])
    result.hate_crime_by_strand = [(label, counted[code]) for code, label in STRANDS if counted[code]]


def _triage(result: Statistics, scope: ColumnElement[bool]) -> None:
    """From submission to the first status event that made the report "triaged" (TRIAGE writes these)."""
    rows = session.execute(
        select(Report.submitted_at, func.min(CaseEvent.created_at))
        .join(CaseEvent, CaseEvent.report_id == Report.id)
        .where(scope, CaseEvent.kind == events.STATUS, CaseEvent.status_after == TRIAGED)
        .group_by(Report.id, Report.submitted_at)
    ).all()
    waits = [aware(triaged) - aware(submitted) for submitted, triaged in rows]
    result.triaged = len(waits)
    if waits:
        result.median_to_triage = timedelta(seconds=stats.median(w.total_seconds() for w in waits))


def _interval(report_interval: int | None) -> int:
    return report_interval or int(current_app.config["CASE_UPDATE_INTERVAL_DAYS"])


def _updates(result: Statistics, viewer: StaffUser, since: datetime, now: datetime) -> None:
    """Public updates given in the period, on time or late, and open cases whose next update is overdue now.

    Open cases are read from each case's own clock (`next_update_due`, which the case service starts at triage,
    resets at each public update and stops at closing). The clock keeps only the next due date, so whether past
    updates were on time is worked out from the events, the same way: the first update was due one interval after
    the report was first triaged (or submitted, if it never was), each later one an interval after the one before.
    The interval is the case's current one.
    """
    updated_since = select(CaseEvent.report_id).where(
        CaseEvent.kind == events.PUBLIC_UPDATE, CaseEvent.created_at >= since
    )
    rows = session.execute(
        select(Report.id, Report.submitted_at, Report.update_interval_days).where(
            ward_scope_condition(viewer, Report.ward_id), not_restricted(), Report.id.in_(updated_since)
        )
    ).all()
    starts: dict[int, datetime] = {}
    updates: dict[int, list[datetime]] = defaultdict(list)
    ids = [row[0] for row in rows]
    for first in range(0, len(ids), 500):
        history = session.execute(
            select(CaseEvent.report_id, CaseEvent.kind, CaseEvent.created_at)
            .where(
                CaseEvent.report_id.in_(ids[first : first + 500]),
                or_(
                    CaseEvent.kind == events.PUBLIC_UPDATE,
                    and_(CaseEvent.kind == events.STATUS, CaseEvent.status_after == TRIAGED),
                ),
            )
            .order_by(CaseEvent.created_at, CaseEvent.id)
        ).tuples()
        for report_id, kind, created in history:
            if kind == events.PUBLIC_UPDATE:
                updates[report_id].append(aware(created))
            else:
                starts.setdefault(report_id, aware(created))
    for report_id, submitted, interval in rows:
        previous = starts.get(report_id, aware(submitted))
        for update in updates[report_id]:
            if update >= since:
                on_time = london_date(update) <= next_update_due(previous, _interval(interval))
                result.updates_on_time += on_time
                result.updates_late += not on_time
            previous = update
    _open_from_clock(result, viewer, london_date(now))


def _open_from_clock(result: Statistics, viewer: StaffUser, today: date) -> None:
    due = Report.next_update_due
    overdue, on_time = session.execute(
        select(
            func.coalesce(func.sum(case((due < today, 1), else_=0)), 0),
            func.coalesce(func.sum(case((due >= today, 1), else_=0)), 0),
        ).where(
            ward_scope_condition(viewer, Report.ward_id), not_restricted(), Report.closed_at.is_(None), due.is_not(None)
        )
    ).one()
    result.open_overdue, result.open_on_time = int(overdue), int(on_time)
