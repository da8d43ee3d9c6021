"""The information rights pages' lists: restricted reports (seen by information rights alone) and reports on legal
hold (each shown only to those who may see the report)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.db import session
from portal.models import LegalHold, Report, StaffUser, SubjectAccessRequest
from portal.services.cases.scope import can_view
from portal.services.retention import reviews

LIMIT = 500


def restricted_reports() -> list[Report]:
    return list(
        session.scalars(
            select(Report)
            .where(Report.restricted.is_(True))
            .options(joinedload(Report.ward))
            .order_by(Report.submitted_at.desc(), Report.id.desc())
            .limit(LIMIT)
        )
    )


def holds_for(viewer: StaffUser) -> list[tuple[LegalHold, Report]]:
    """Holds in place on reports `viewer` may see, newest first."""
    rows = session.execute(
        select(LegalHold, Report)
        .join(Report, Report.id == LegalHold.report_id)
        .where(LegalHold.lifted_at.is_(None))
        .options(joinedload(Report.ward))
        .order_by(LegalHold.placed_at.desc(), LegalHold.id.desc())
        .limit(LIMIT)
    ).all()
    return [(hold, report) for hold, report in rows if can_view(viewer, report)]


@dataclass(frozen=True)
class Overview:
    open_requests: int
    reviews_waiting: int
    restricted: int
    holds: int


def overview() -> Overview:
    def count(query: object) -> int:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]

    return Overview(
        open_requests=count(select(func.count()).where(SubjectAccessRequest.completed_at.is_(None))),
        reviews_waiting=reviews.count_waiting(),
        restricted=count(select(func.count()).where(Report.restricted.is_(True))),
        holds=count(select(func.count()).where(LegalHold.lifted_at.is_(None))),
    )
