"""The personal data lifecycle: the retention schedule (as rows), legal holds, reviews the schedule asks for, and
subject access requests.

The schedule's defaults live in portal/data/retention_schedule.toml; a row here is the schedule as this force runs
it (an administrator's change is a change to its row, audited). What the disposal job does with each kind of record
is in portal/services/retention/.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class RetentionRule(Base):
    """One row of the schedule: a kind of record (and, for reports, a type and outcomes), what starts its clock, how
    long it is kept and what happens then."""

    __tablename__ = "retention_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # the row's name in the defaults file
    record_kind: Mapped[str] = mapped_column(String(30))  # "reports", "drafts", "evidence", ...
    # Reports only: the report type ("" for any) and the outcomes it covers, comma-separated ("open", "closed" or
    # outcome codes; "" for every report).
    report_type: Mapped[str] = mapped_column(String(40), default="")
    outcomes: Mapped[str] = mapped_column(String(300), default="")
    trigger: Mapped[str] = mapped_column(String(20))  # "created", "closed", "last_change", "exported"
    period_value: Mapped[int] = mapped_column(Integer)
    period_unit: Mapped[str] = mapped_column(String(10))  # "days", "months" or "years"
    action: Mapped[str] = mapped_column(String(20))  # "delete", "anonymise" or "review"
    description: Mapped[str] = mapped_column(String(300))  # what the records are, as the privacy notice names them
    source: Mapped[str] = mapped_column(Text)  # why this period: the law or guidance it follows
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))


class LegalHold(Base):
    """A report that must not be disposed of (with everything attached to it) while the hold is in place. Lifting a
    hold keeps the row, so the history of holds stays with the report."""

    __tablename__ = "legal_hold"
    __table_args__ = (
        # The job asks "is this report held?" for every report it would dispose of: only the holds in place.
        Index(
            "ix_legal_hold_active",
            "report_id",
            sqlite_where=text("lifted_at IS NULL"),
            postgresql_where=text("lifted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    placed_at: Mapped[datetime] = mapped_column(default=now)
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    lift_reason: Mapped[str | None] = mapped_column(Text)


# What a review decided.
REVIEW_KEEP = "keep"
REVIEW_DISPOSE = "dispose"


class RetentionReview(Base):
    """A report the schedule says a person must look at (MoPI-style review) before anything happens to it."""

    __tablename__ = "retention_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    rule_code: Mapped[str] = mapped_column(String(60))
    flagged_at: Mapped[datetime] = mapped_column(default=now)
    # Until decided, the report waits here; the job flags a report again only after a decision to keep it.
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    decision: Mapped[str | None] = mapped_column(String(20))  # REVIEW_KEEP or REVIEW_DISPOSE
    reason: Mapped[str | None] = mapped_column(Text)


class SubjectAccessRequest(Base):
    """A person's request for a copy of their data (DPA 2018 s.45): who asked (the email address and/or phone number
    searched), when it arrived, when the answer is due, and where it stands."""

    __tablename__ = "subject_access_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
