"""A submitted online report: the stored record of every answer, plus the columns staff search and contact by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin
from portal.models.ward import Ward


class Report(TimestampMixin, Base):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the reporter is given: random, with a check character; never the database id.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # The draft it came from. Unique, so submitting the same draft twice can never make two reports.
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("report_draft.id", ondelete="SET NULL"), unique=True)
    report_type: Mapped[str] = mapped_column(String(40), index=True)
    # "crime" or, for fraud with no money lost, "information" (recorded, not investigated as a loss).
    category: Mapped[str] = mapped_column(String(20), default="crime")
    status: Mapped[str] = mapped_column(String(30), default="received", index=True)
    submitted_at: Mapped[datetime]
    occurred_at: Mapped[datetime | None]

    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"), index=True)
    place_description: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))

    # Contact details in their own columns so staff can use them without reading the answers.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_email: Mapped[str | None] = mapped_column(String(320), index=True)
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    preferred_contact: Mapped[str | None] = mapped_column(String(20))
    contact_times: Mapped[str | None] = mapped_column(String(200))
    unsafe_channels: Mapped[list[str]] = mapped_column(JSON, default=list)

    # Triage flags, computed once at submission so officers can sort and filter on them.
    flag_injuries: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_asb_case_review: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_high_value_fraud: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_contact_safety: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_late_road_traffic: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_lost_pence: Mapped[int | None] = mapped_column(Integer)

    # The stored record the report type's schema produced: every visible question with its answer.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)

    ward: Mapped[Ward | None] = relationship()
