"""A report in progress, kept server-side: the browser holds only an opaque token (in its session or a link)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, TimestampMixin


class ReportDraft(TimestampMixin, Base):
    __tablename__ = "report_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token: a leaked database does not reveal working resume links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the token in the latest "continue your report" email, issued as that email left (services/mail/
    # links.py): a second token, so the browser that asked keeps working on its own, and the link works once.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    report_type: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What check your answers found when it last showed every answer valid, and the fingerprint of what it checked
    # (services/reporting/checking.py): submission reuses it while nothing has changed since.
    checked: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # Claimed by a conditional UPDATE when submission starts: only one request can ever claim it.
    submitted_at: Mapped[datetime | None]
