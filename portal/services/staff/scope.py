"""Which wards and boroughs a member of staff covers (security check 9). Every query that must stay within what a
person may see builds on these: `select(Report).where(ward_scope_condition(staff, Report.ward_id))`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, true

from portal.db import session
from portal.models.staff import StaffUser
from portal.models.ward import Ward

# How far a role reaches (Role.scope).
SCOPE_WARDS = "wards"
SCOPE_BOROUGH = "borough"
SCOPE_ALL = "all"


def borough_ids_in_scope(staff: StaffUser) -> set[int] | None:
    """The boroughs whose records `staff` may see; None means every borough."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return None
    if scope == SCOPE_BOROUGH:
        return {borough.id for borough in staff.boroughs}
    return {ward.borough_id for ward in staff.wards}


def ward_ids_in_scope(staff: StaffUser) -> set[int] | None:
    """The wards whose records `staff` may see; None means every ward. An officer's own wards; a supervisor's or
    front counter's boroughs' wards (current and retired, since old reports still point at retired wards)."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return None
    if scope == SCOPE_WARDS:
        return {ward.id for ward in staff.wards}

    borough_ids = {borough.id for borough in staff.boroughs}
    if not borough_ids:
        return set()
    return set(session.scalars(select(Ward.id).where(Ward.borough_id.in_(borough_ids))))


def ward_scope_condition(staff: StaffUser, ward_id_column: Any) -> ColumnElement[bool]:
    """A WHERE clause limiting `ward_id_column` to the wards `staff` may see, for use in any query:
    `select(Report).where(ward_scope_condition(staff, Report.ward_id))`."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return true()
    if scope == SCOPE_WARDS:
        return ward_id_column.in_([ward.id for ward in staff.wards])
    borough_ids = [borough.id for borough in staff.boroughs]
    return ward_id_column.in_(select(Ward.id).where(Ward.borough_id.in_(borough_ids)))


def can_see_ward(staff: StaffUser, ward_id: int | None) -> bool:
    wards = ward_ids_in_scope(staff)
    return wards is None or (ward_id is not None and ward_id in wards)


def scope_description(staff: StaffUser) -> list[str]:
    """The wards or boroughs `staff` covers, as names to show them."""
    scope = staff.role.scope
    if scope == SCOPE_ALL:
        return ["Every borough and ward"]
    if scope == SCOPE_WARDS:
        return [f"{ward.name}, {ward.borough.name}" for ward in staff.wards]
    return [borough.name for borough in staff.boroughs]
