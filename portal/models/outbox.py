"""Email waiting to be sent. Written in the same transaction as the change it reports, sent later by a worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, TimestampMixin, now


class OutboxMessage(TimestampMixin, Base):
    __tablename__ = "outbox_message"
    # The messages carrying a report's sign-in link, found when that report is erased or anonymised (and by the
    # cascade when it is deleted). Most messages carry none and are not in it.
    __table_args__ = (
        Index(
            "ix_outbox_message_sign_in_report",
            "sign_in_report_id",
            sqlite_where=text("sign_in_report_id IS NOT NULL"),
            postgresql_where=text("sign_in_report_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Fixed when the row is written, so a resend after a crash mid-send is recognisably the same message.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # "report-confirmation", "draft-link", ...
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending / sent / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When the next attempt may start. Also a lease: a sender pushes it forward before sending, so two senders
    # running at once never pick the same message.
    next_attempt_at: Mapped[datetime] = mapped_column(default=now, index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    # The report whose sign-in link this message carries. The body holds a placeholder (tracking.links.PLACEHOLDER)
    # and the sender issues the token as it sends: no usable token is stored here, and the link's half hour starts
    # when the email leaves, not when it was queued.
    sign_in_report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
