"""Email waiting to be sent. Written in the same transaction as the change it reports, sent later by a worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, TimestampMixin, now


class OutboxMessage(TimestampMixin, Base):
    __tablename__ = "outbox_message"
    # The messages carrying a link for a row (a report's sign-in link, say), found when that report is erased or
    # anonymised. Most messages carry none and are not in it.
    __table_args__ = (
        Index(
            "ix_outbox_message_link",
            "link_kind",
            "link_for_id",
            sqlite_where=text("link_for_id IS NOT NULL"),
            postgresql_where=text("link_for_id IS NOT NULL"),
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
    # The link this message carries, issued by the sender as the message leaves (services/mail/links.py): its kind
    # ("track-sign-in", "draft-resume", "staff-enrolment") and the row it is for (a report, a draft, an account).
    # The body holds a placeholder where the link goes, so no usable token is ever stored here, and the link's
    # validity starts when the email leaves, however long it waited.
    link_kind: Mapped[str | None] = mapped_column(String(20))
    link_for_id: Mapped[int | None] = mapped_column(Integer)
    # Once sent, the subject, address and body are blanked (they held personal data and, before links were issued at
    # send time, working links); the Message-ID, the status and this keyed digest of the address stay, so a
    # delivery can still be traced for someone who gives their address.
    to_hash: Mapped[str | None] = mapped_column(String(64), index=True)
