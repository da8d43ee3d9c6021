"""Ward content as staff edit it: scope (officers their wards, supervisors their borough, administrators all),
an audit record for every change, and the ward page cache cleared so residents see the change.

The writing itself is the ward pages' own content functions (portal/services/wards/content.py); this module adds
who may do it and the record that they did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from portal.db import session
from portal.models import (
    Borough,
    BoroughPriority,
    CrimeCategory,
    PriorityFeedback,
    StaffUser,
    Ward,
    WardMeeting,
    WardPriority,
    WardTeamMember,
)
from portal.services.staff import audit
from portal.services.staff.scope import (
    SCOPE_ALL,
    SCOPE_BOROUGH,
    borough_ids_in_scope,
    can_see_ward,
    ward_scope_condition,
)
from portal.services.wards import content, feedback
from portal.services.wards.page import clear_cache

ASB = "anti-social-behaviour"
MAX_BOROUGH_PRIORITIES = 2

Item = WardTeamMember | WardPriority | WardMeeting
# The kinds of ward content, as they appear in URLs, with their model and the ward content function that saves one.
KINDS: dict[str, tuple[type[Item], Any]] = {
    "team": (WardTeamMember, content.save_team_member),
    "priorities": (WardPriority, content.save_ward_priority),
    "meetings": (WardMeeting, content.save_meeting),
}
NOUNS = {"team": "team member", "priorities": "ward panel priority", "meetings": "meeting"}


@dataclass
class WardOverview:
    ward: Ward
    team: list[WardTeamMember]
    priorities: list[WardPriority]
    meetings: list[WardMeeting]
    feedback_counts: list[tuple[str, int]]
    feedback_responses: int


def ward_for(viewer: StaffUser, code: str) -> Ward | None:
    """A current ward whose content `viewer` may edit, or None (the page answers 404)."""
    ward = session.scalar(select(Ward).where(Ward.code == code.upper(), Ward.retired_at.is_(None)))
    return ward if ward is not None and can_see_ward(viewer, ward.id) else None


def borough_for(viewer: StaffUser, code: str) -> Borough | None:
    """A borough whose priorities `viewer` may set: supervisors their own, administrators any; officers none."""
    if viewer.role.scope not in (SCOPE_BOROUGH, SCOPE_ALL):
        return None
    borough = session.scalar(select(Borough).where(Borough.code == code.upper()))
    boroughs = borough_ids_in_scope(viewer)
    return borough if borough is not None and (boroughs is None or borough.id in boroughs) else None


def boroughs_in_scope(viewer: StaffUser) -> list[Borough]:
    if viewer.role.scope not in (SCOPE_BOROUGH, SCOPE_ALL):
        return []
    query = select(Borough).order_by(Borough.name)
    ids = borough_ids_in_scope(viewer)
    if ids is not None:
        query = query.where(Borough.id.in_(ids))
    return list(session.scalars(query))


def wards_in_scope(viewer: StaffUser, borough: Borough | None = None) -> list[tuple[Ward, int]]:
    """Current wards `viewer` may edit (within `borough` if given), each with its number of feedback responses.
    Administrators choose a borough first: 704 wards is not a list to read."""
    if borough is None and viewer.role.scope == SCOPE_ALL:
        return []
    query = select(Ward).where(Ward.retired_at.is_(None), ward_scope_condition(viewer, Ward.id)).order_by(Ward.name)
    if borough is not None:
        query = query.where(Ward.borough_id == borough.id)
    responses = feedback.responses_by_ward()
    return [(ward, responses.get(ward.id, 0)) for ward in session.scalars(query)]


def overview(ward: Ward) -> WardOverview:
    team = session.scalars(
        select(WardTeamMember).where(WardTeamMember.ward_id == ward.id).order_by(WardTeamMember.sort_order)
    ).all()
    priorities = session.scalars(
        select(WardPriority)
        .where(WardPriority.ward_id == ward.id)
        .order_by(WardPriority.issue_date.desc(), WardPriority.id.desc())
    ).all()
    meetings = session.scalars(
        select(WardMeeting).where(WardMeeting.ward_id == ward.id).order_by(WardMeeting.starts_at.desc())
    ).all()
    responses = session.scalar(select(func.count()).where(PriorityFeedback.ward_id == ward.id)) or 0
    return WardOverview(ward, list(team), list(priorities), list(meetings), feedback.issue_counts(ward), responses)


def item_for(ward: Ward, kind: str, item_id: int) -> Item | None:
    model = KINDS[kind][0]
    item = session.get(model, item_id)
    return item if item is not None and item.ward_id == ward.id else None


def save(kind: str, ward: Ward, item: Item | None, values: dict[str, Any], by: StaffUser) -> Item:
    """Add (item=None) or change one piece of ward content, and audit it."""
    changed = sorted(key for key, value in values.items() if item is None or getattr(item, key) != value)
    saved: Item = KINDS[kind][1](ward, item, **values)
    action = "added" if item is None else "changed"
    detail = f"{NOUNS[kind]} {saved.id} {action}" + (f": {', '.join(changed)}" if item is not None else "")
    _done(by, f"ward_content.{kind}.{action}", ward, detail)
    return saved


def remove(kind: str, ward: Ward, item: Item, by: StaffUser) -> None:
    item_id = item.id
    content.remove(item)
    _done(by, f"ward_content.{kind}.removed", ward, f"{NOUNS[kind]} {item_id} removed")


def category_choices() -> list[tuple[str, str]]:
    """What a borough may choose as priority crimes: every category but anti-social behaviour, which is a
    priority everywhere already."""
    rows = session.execute(
        select(CrimeCategory.slug, CrimeCategory.name)
        .where(CrimeCategory.slug != ASB)
        .order_by(CrimeCategory.sort_order, CrimeCategory.name)
    )
    return [(slug, name) for slug, name in rows.tuples()]


def borough_priorities(borough: Borough) -> list[BoroughPriority]:
    return list(
        session.scalars(
            select(BoroughPriority).where(BoroughPriority.borough_id == borough.id).order_by(BoroughPriority.sort_order)
        )
    )


def set_borough_priorities(borough: Borough, slugs: list[str], by: StaffUser) -> None:
    content.set_borough_priorities(borough, slugs)
    clear_cache()
    detail = ", ".join(slugs)
    action = "ward_content.borough_priorities.set"
    audit.record(by, action, "borough", borough.code, detail=detail, borough_id=borough.id)


def _done(by: StaffUser, action: str, ward: Ward, detail: str) -> None:
    clear_cache()
    audit.record(by, action, "ward", ward.code, detail=detail, borough_id=ward.borough_id)
