"""The audit log: who did what, to which record, when and from where. Append-only (security check 30).

Two guards keep it so: the ORM refuses to flush an update or delete of an AuditEvent, or to run a bulk UPDATE or
DELETE against the table; and on PostgreSQL a trigger (created by the migration) refuses them from any client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from portal.models.base import Base, now

# BIGINT on PostgreSQL (the log grows for years); SQLite only auto-increments a plain INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AuditLogIsAppendOnly(Exception):
    """Raised when anything tries to change or remove an audit record."""


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(default=now, index=True)
    # Who: the staff member (None for an unknown account's failed sign-in). The name is copied so the record still
    # reads correctly if the account is later renamed.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    actor_name: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    client_address: Mapped[str | None] = mapped_column(String(45))
    # The borough the event belongs to, so a supervisor can read their borough's log.
    borough_id: Mapped[int | None] = mapped_column(ForeignKey("borough.id"), index=True)


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AuditLogIsAppendOnly("audit records cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise AuditLogIsAppendOnly("audit records cannot be changed")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == AuditEvent.__tablename__:
        raise AuditLogIsAppendOnly("audit records cannot be changed or deleted")
