"""The scheduled jobs, in the order they run. Each does its work through its area's service and returns a one-line
summary with counts, never personal data. Add a job with one line here."""

from __future__ import annotations

from datetime import timedelta

from portal.services.jobs.runner import Job
from portal.services.retention import job as retention

JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        # The retention schedule, applied once a day: expired drafts and their files, old sessions and tokens, sent
        # emails, reports at the end of their period (docs/retention.md).
        Job("retention", timedelta(days=1), retention.daily, timeout=timedelta(hours=6)),
    )
}
