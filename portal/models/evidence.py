"""An evidence file attached to a report: where its bytes are, what they are, and proof they are unchanged.

A file belongs to a draft while the report is being written, and to the report once it is sent (moved in the same
transaction as the report is written). The bytes live in evidence storage under a server-generated key; this row
is the only link between a key and a report, so access checks always start here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now

# Who uploaded a file.
BY_REPORTER = "reporter"  # while making the report
BY_VICTIM = "victim"  # later, through their case ("add information")
BY_STAFF = "staff"


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint("draft_id IS NOT NULL OR report_id IS NOT NULL", name="has_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No ON DELETE cascade on either: the stored bytes must be deleted with the row, so a draft or report is never
    # removed with its files still attached (the draft purge deletes them first).
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("report_draft.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)

    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The name the device gave it, cleaned: display text only, never part of a path.
    display_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    # Detected from the content; what the file is always served as.
    mime: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    # SHA-256 of the exact bytes received, so anyone can later prove the file is unchanged.
    sha256: Mapped[str] = mapped_column(String(64))
    scan_status: Mapped[str] = mapped_column(String(20))
    scan_detail: Mapped[str | None] = mapped_column(String(200))
    # Flagged by a scanner (or not checkable): kept, as it may matter to an investigation, but never served.
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False)

    uploaded_by: Mapped[str] = mapped_column(String(20))  # reporter, victim or staff
    # The member of staff who uploaded it. A plain id, as in CaseEvent.actor_id.
    uploaded_by_staff_id: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(default=now)

    # A metadata-free copy for staff thumbnails (images only), made when the file arrives.
    preview_key: Mapped[str | None] = mapped_column(String(64))
    preview_mime: Mapped[str | None] = mapped_column(String(30))

    # An officer copied the file into the force's evidence system: from then on the retention schedule's evidence
    # row may remove the portal's copy before the report itself goes (portal/services/retention/).
    exported_at: Mapped[datetime | None] = mapped_column(index=True)
    exported_by_id: Mapped[int | None] = mapped_column(Integer)


class UploadAllowance(Base):
    """Bytes of evidence one client (a keyed digest of its address or IPv6 /64) has uploaded on one London day."""

    __tablename__ = "upload_allowance"

    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
