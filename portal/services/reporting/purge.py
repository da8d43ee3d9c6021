"""Deleting drafts nobody sent: their files first (a report never sent keeps none), then the drafts themselves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from portal.core import clock
from portal.db import session
from portal.models import ReportDraft
from portal.services.evidence import records


def expired_drafts(now: datetime | None = None) -> int:
    """Delete drafts past their expiry, and their files. Returns how many drafts went. Commits."""
    records.delete_for_expired_drafts(now)
    result = session.execute(delete(ReportDraft).where(ReportDraft.expires_at < (now or clock.now())))
    session.commit()
    return int(result.rowcount or 0)
