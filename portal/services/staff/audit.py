"""Writing and reading the audit log (security check 30; DPA 2018 s.62 logging).

`record()` is how every area of the portal logs a staff action:

    audit.record(staff, "report.viewed", "report", report.id, borough_id=report.ward.borough_id)

It commits straight away (with the request's session: record after the change you are auditing has been made),
so the record survives even if the request fails afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import Select, select

from portal.core import clock
from portal.db import session
from portal.models.audit import AuditEvent
from portal.models.report import Report
from portal.models.staff import StaffUser
from portal.services.staff.scope import borough_ids_in_scope

PAGE_SIZE = 50
_DETAIL_LIMIT = 2000


def client_address() -> str | None:
    """The address the current request came from (as the rate limits see it), or None outside a request. The web
    layer provides it (create_app), so this module never reads a request itself."""
    if not has_request_context():
        return None
    return str(current_app.extensions["client_address"]())[:45]


def record(
    actor: StaffUser | None,
    action: str,
    target_type: str | None = None,
    target_id: object | None = None,
    detail: str | None = None,
    ip: str | None = None,
    *,
    borough_id: int | None = None,
) -> None:
    """Append one audit record. `borough_id` files it under a borough for supervisors; by default the actor's own
    (their first borough, or their first ward's)."""
    if borough_id is None and actor is not None:
        borough_id = home_borough(actor)
    event = AuditEvent(
        occurred_at=clock.now(),
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.name if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id)[:64],
        detail=None if detail is None else detail[:_DETAIL_LIMIT],
        client_address=ip or client_address(),
        borough_id=borough_id,
    )
    session.add(event)
    session.commit()


def record_report(actor: StaffUser | None, action: str, report: Report, detail: str | None = None) -> None:
    """Append one audit record about a report, filed under the report's borough (where its supervisors read it)."""
    borough_id = report.ward.borough_id if report.ward is not None else None
    record(actor, action, "report", report.id, detail, borough_id=borough_id)


def home_borough(actor: StaffUser) -> int | None:
    if actor.boroughs:
        return actor.boroughs[0].id
    if actor.wards:
        return actor.wards[0].borough_id
    return None


@dataclass(frozen=True)
class AuditFilter:
    """Narrow the log to one action, one record (type and id) and/or one person's actions."""

    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    actor_id: int | None = None

    def as_args(self) -> dict[str, str]:
        """The filter as the query string arguments of the audit log page (ids and codes only, nothing personal)."""
        args = {"action": self.action, "record_type": self.target_type, "record_id": self.target_id}
        args["by"] = str(self.actor_id) if self.actor_id is not None else None
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    older_than: int | None  # the id to ask for the next (older) page, or None at the end


def events_for(
    viewer: StaffUser, before: int | None = None, page_size: int = PAGE_SIZE, where: AuditFilter | None = None
) -> AuditPage:
    """The newest events `viewer` may read: an administrator's are all; a supervisor's, their boroughs'. Keyset
    pagination on the id keeps every page equally fast however long the log grows."""
    query = _visible_to(viewer, select(AuditEvent)).order_by(AuditEvent.id.desc()).limit(page_size + 1)
    where = where or AuditFilter()
    if where.action:
        query = query.where(AuditEvent.action == where.action)
    if where.target_type:
        query = query.where(AuditEvent.target_type == where.target_type)
    if where.target_id:
        query = query.where(AuditEvent.target_id == where.target_id)
    if where.actor_id is not None:
        query = query.where(AuditEvent.actor_id == where.actor_id)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    events = list(session.scalars(query))
    older = events[page_size - 1].id if len(events) > page_size else None
    return AuditPage(events=events[:page_size], older_than=older)


def filter_choices(viewer: StaffUser) -> tuple[list[str], list[str]]:
    """The actions and record types present in what `viewer` may read, for the filter's lists."""
    actions = session.scalars(_visible_to(viewer, select(AuditEvent.action).distinct()).order_by(AuditEvent.action))
    types = session.scalars(
        _visible_to(viewer, select(AuditEvent.target_type).distinct())
        .where(AuditEvent.target_type.is_not(None))
        .order_by(AuditEvent.target_type)
    )
    return list(actions), [t for t in types if t]


def _visible_to(viewer: StaffUser, query: Select[Any]) -> Select[Any]:
    boroughs = borough_ids_in_scope(viewer)
    return query if boroughs is None else query.where(AuditEvent.borough_id.in_(boroughs))
