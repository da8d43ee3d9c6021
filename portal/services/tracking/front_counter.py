"""Front counter staff and officers open a case by its reference for the person in front of them. Out of their scope
looks exactly like a reference that does not exist."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import Report, StaffUser
from portal.services import queue_scope, references


def find_in_scope(viewer: StaffUser, reference: str) -> Report | None:
    if not references.is_valid(reference):
        return None
    return session.scalar(
        select(Report).where(Report.reference == references.normalise(reference), queue_scope.scope_condition(viewer))
    )
