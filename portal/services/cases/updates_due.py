"""Victims' Code updates due and overdue, per officer and per ward, for the viewer's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.core import clock
from portal.db import session
from portal.models import Report, StaffUser
from portal.services.cases import states
from portal.services.cases.scope import scope_condition

# How far ahead "due" looks: updates due within the coming week.
DUE_WITHIN = timedelta(days=7)
LIMIT = 2000


@dataclass
class Group:
    name: str
    overdue: list[Report] = field(default_factory=list)
    due: list[Report] = field(default_factory=list)


@dataclass
class UpdatesDue:
    today: date
    by_officer: list[Group]
    by_ward: list[Group]
    total_overdue: int
    total_due: int


def due_date(report: Report) -> date:
    """The earliest thing owed: a Right 6 notification or the regular update."""
    dates = [d for d in (report.notify_by, report.next_update_due) if d is not None]
    return min(dates)


def updates_due(viewer: StaffUser, now: datetime) -> UpdatesDue:
    today = clock.london_date(now)
    horizon = today + DUE_WITHIN
    reports = list(
        session.scalars(
            select(Report)
            .where(
                scope_condition(viewer),
                Report.status.in_(states.open_statuses() + [states.CLOSED_STATUS, states.REFERRED]),
                or_(Report.next_update_due <= horizon, Report.notify_by <= horizon),
            )
            .options(joinedload(Report.ward), joinedload(Report.assigned_to))
            .order_by(Report.next_update_due, Report.id)
            .limit(LIMIT)
        )
    )
    officers: dict[str, Group] = defaultdict(lambda: Group(""))
    wards: dict[str, Group] = defaultdict(lambda: Group(""))
    overdue = due = 0
    for report in sorted(reports, key=due_date):
        late = due_date(report) < today
        overdue, due = overdue + late, due + (not late)
        for groups, name in (
            (officers, report.assigned_to.name if report.assigned_to else "Not assigned"),
            (wards, report.ward.name if report.ward else "Ward not known"),
        ):
            group = groups[name]
            group.name = name
            (group.overdue if late else group.due).append(report)
    return UpdatesDue(
        today=today,
        by_officer=sorted(officers.values(), key=lambda g: (-len(g.overdue), g.name)),
        by_ward=sorted(wards.values(), key=lambda g: (-len(g.overdue), g.name)),
        total_overdue=overdue,
        total_due=due,
    )
