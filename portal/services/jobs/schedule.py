"""The scheduled jobs, in the order they run. Each does its work through its area's service and returns a one-line
summary with counts, never personal data. Add a job with one line here."""

from __future__ import annotations

from datetime import timedelta

from portal.services.jobs.runner import Job
from portal.services.reporting import purge
from portal.services.staff import sessions


def purge_drafts() -> str:
    """Drafts past their expiry, and their files (DRAFT_LIFETIME_DAYS after their last change)."""
    return f"Purged {purge.expired_drafts()} expired drafts."


def prune_staff_sessions() -> str:
    """Staff session rows that ended more than 30 days ago (the audit log keeps each sign-in)."""
    return f"Deleted {sessions.prune(timedelta(days=30))} old staff session(s)."


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("purge-drafts", timedelta(days=1), purge_drafts),
        Job("prune-staff-sessions", timedelta(days=1), prune_staff_sessions),
    )
}
