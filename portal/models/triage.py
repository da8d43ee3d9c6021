"""THRIVE gradings of a report. Each grading is a new row, so re-grading keeps the history; the latest is current."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, now
from portal.models.staff import StaffUser


class CaseTriage(Base):
    __tablename__ = "case_triage"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    graded_at: Mapped[datetime] = mapped_column(default=now)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    # THRIVE: each element is a short choice with the officer's note.
    threat: Mapped[str] = mapped_column(String(20))
    threat_note: Mapped[str | None] = mapped_column(Text)
    harm: Mapped[str] = mapped_column(String(20))
    harm_note: Mapped[str | None] = mapped_column(Text)
    risk: Mapped[str] = mapped_column(String(20))
    risk_note: Mapped[str | None] = mapped_column(Text)
    investigation: Mapped[str] = mapped_column(String(20))
    investigation_note: Mapped[str | None] = mapped_column(Text)
    vulnerability: Mapped[str] = mapped_column(String(20))
    vulnerability_note: Mapped[str | None] = mapped_column(Text)
    engagement: Mapped[str] = mapped_column(String(20))
    engagement_note: Mapped[str | None] = mapped_column(Text)

    grading: Mapped[str] = mapped_column(String(30))
    enhanced_rights: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)

    graded_by: Mapped[StaffUser | None] = relationship(lazy="joined")
