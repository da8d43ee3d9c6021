"""Everything that happens to a report, in order: its history, and the only record of status changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class CaseEvent(Base):
    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # "received", "status", "note", ...
    status_before: Mapped[str | None] = mapped_column(String(30))
    status_after: Mapped[str | None] = mapped_column(String(30))
    # Victims see only public events; internal notes never render on public pages.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    # The member of staff who caused it; None for the reporter or the system. A plain id until staff accounts exist.
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
