"""Links between reports that staff decided belong together, and the identifiers that suggest them.

`ReportIdentifier` is an index, not a record: normalised vehicle registrations, phone numbers, email addresses,
property numbers and suspect details pulled out of a report's answers when it is submitted, so "possible duplicates"
is one indexed lookup instead of a scan of every report's JSON; and, for the queue's search only, the words of the
reporter's name and their phone number's digits. It can always be rebuilt from the report
(`flask --app portal oversight reindex`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class ReportIdentifier(Base):
    __tablename__ = "report_identifier"
    __table_args__ = (Index("ix_report_identifier_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "registration", "phone", "email", "suspect", "imei", ..., "name"
    value: Mapped[str] = mapped_column(String(320))  # normalised, so equal values compare equal
    source: Mapped[str] = mapped_column(String(20))  # where in the report: "vehicle", "reporter", "suspect", "witness"


class ReportLink(Base):
    """Two reports an officer linked. Stored once per pair (lower id first) and shown from both sides."""

    __tablename__ = "report_link"
    __table_args__ = (
        UniqueConstraint("report_id", "linked_report_id", name="uq_report_link_pair"),
        CheckConstraint("report_id < linked_report_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    linked_report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)
