"""A submitted online report: the stored record of every answer, plus the columns staff search and contact by."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin
from portal.models.staff import StaffUser
from portal.models.ward import Ward

# A report whose Victims' Code clock is running or which owes a Right 6 notification: the only ones that can be
# overdue. Written out once so the queue's query can repeat it word for word (SQLite uses a partial index only then).
CLOCK_RUNNING = "next_update_due IS NOT NULL OR notify_by IS NOT NULL"
# A closed report the disposal job has not yet anonymised: the rows of the retention index, written out once so the
# job's query can repeat it.
RETENTION_PENDING = "closed_at IS NOT NULL AND anonymised_at IS NULL"


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
    status: Mapped[str] = mapped_column(String(30), default="received")
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
    # 64-bit: a 32-bit column overflowed at £21,474,836.47 (the form allows up to MONEY_MAXIMUM_POUNDS).
    amount_lost_pence: Mapped[int | None] = mapped_column(BigInteger)
    # Hate crime is recorded on perception: when the victim or anyone else believes hostility towards a
    # characteristic motivated it, the report is flagged, whatever the officer's own view (the strands perceived).
    flag_hate_crime: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hate_crime_strands: Mapped[list[str] | None] = mapped_column(JSON)
    # The reporter asked, when reporting, to be referred to these support services (services/tracking/support.py).
    flag_support_referral: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    support_referral_services: Mapped[list[str] | None] = mapped_column(JSON)

    # The stored record the report type's schema produced: every visible question with its answer.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)

    # Case handling (services/cases/transitions.py and triage.py write these; the queue sorts and filters on them).
    # The queue's sort key, lower first: 2 x the grading's rank (ungraded reports 0) + 1 unless vulnerable.
    urgency: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    grading: Mapped[str | None] = mapped_column(String(30))
    vulnerable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enhanced_rights: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    triaged_at: Mapped[datetime | None]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    assigned_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[datetime | None]
    # Victims' Code: calendar days between updates (None: the configured default), the last update, the next one
    # due, and a Right 6 notification owed (a decision told within 5 working days, or 1 under enhanced rights).
    update_interval_days: Mapped[int | None] = mapped_column(Integer)
    last_public_update_at: Mapped[datetime | None]
    next_update_due: Mapped[date | None] = mapped_column(Date, index=True)
    notify_by: Mapped[date | None] = mapped_column(Date)
    # New information from the victim (or anything else) waiting for an officer's eye.
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
    attention_reason: Mapped[str | None] = mapped_column(String(200))

    # The personal data lifecycle (portal/services/retention/). Restricted (DPA 2018 s.47): kept, but hidden from
    # every staff view but information rights, and left out of counts, exports and statistics. Anonymised: the
    # schedule removed its personal details (the row stays, so statistics keep counting it). Retention restarted:
    # a lifted legal hold or a review's decision to keep it starts the schedule's clock again from then.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    anonymised_at: Mapped[datetime | None]
    retention_restarted_at: Mapped[datetime | None]

    ward: Mapped[Ward | None] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship(lazy="joined")

    __table_args__ = (
        # Keyset pagination of the triage queue: scope (ward), status, then the queue order. (The queue's other counts
        # are kept in report_count: portal/models/report_count.py.)
        Index("ix_report_queue_ward", "ward_id", "status", "urgency", "submitted_at", "id"),
        Index("ix_report_queue_status", "status", "urgency", "submitted_at", "id"),
        # The queue's other orders (services/cases/sorting.py), for a page with no ward to start from: newest first;
        # update due soonest, the reports with a Victims' Code date in date order, then those without one most
        # urgent first. The dated ones also carry every column the filter counts group by, so the overdue reports
        # are counted from the index alone (services/cases/count_reads.py); submitting a report does not touch it.
        Index("ix_report_queue_received", "status", "submitted_at", "id"),
        Index(
            "ix_report_queue_due",
            *("status", "next_update_due", "urgency", "submitted_at", "id"),
            *("report_type", "assigned_to_id", "needs_attention", "ward_id"),
            sqlite_where=text("next_update_due IS NOT NULL"),
            postgresql_where=text("next_update_due IS NOT NULL"),
        ),
        Index(
            "ix_report_queue_undated",
            "status",
            "urgency",
            "submitted_at",
            "id",
            sqlite_where=text("next_update_due IS NULL"),
            postgresql_where=text("next_update_due IS NULL"),
        ),
        # The queue's "update overdue" filter and count. A report has no clock until it is triaged, so these are
        # partial indexes of the reports with one, and submitting a report touches none of them. The count reads a
        # range of dates per ward and status (only the overdue reports); the filter reads the queue's order among
        # the reports with a clock, so its first page is found without visiting every overdue report.
        Index(
            "ix_report_overdue_update",
            *("ward_id", "status", "next_update_due"),
            *("report_type", "urgency", "assigned_to_id", "needs_attention", "id"),  # what the counts group by
            sqlite_where=text("next_update_due IS NOT NULL"),
            postgresql_where=text("next_update_due IS NOT NULL"),
        ),
        Index(
            "ix_report_overdue_notify",
            "ward_id",
            "status",
            "notify_by",
            "next_update_due",
            sqlite_where=text("notify_by IS NOT NULL"),
            postgresql_where=text("notify_by IS NOT NULL"),
        ),
        Index(
            "ix_report_queue_clock",
            "status",
            "urgency",
            "submitted_at",
            "id",
            "next_update_due",
            "notify_by",
            sqlite_where=text(CLOCK_RUNNING),
            postgresql_where=text(CLOCK_RUNNING),
        ),
        # An officer's own cases by status: the queue's "assigned to me" count.
        Index("ix_report_assigned", "assigned_to_id", "status"),
        # The few restricted reports, which every staff query leaves out (services/cases/scope.py), and the closed
        # reports the disposal job may still have to deal with. Submitting a report touches neither.
        Index(
            "ix_report_restricted",
            "id",
            sqlite_where=text("restricted = 1"),
            postgresql_where=text("restricted = true"),
        ),
        Index(
            "ix_report_retention_closed",
            "closed_at",
            sqlite_where=text(RETENTION_PENDING),
            postgresql_where=text(RETENTION_PENDING),
        ),
        Index(
            "ix_report_retention_restarted",
            "retention_restarted_at",
            sqlite_where=text("retention_restarted_at IS NOT NULL"),
            postgresql_where=text("retention_restarted_at IS NOT NULL"),
        ),
    )
