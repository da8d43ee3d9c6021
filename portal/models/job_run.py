"""When each scheduled job last ran and when it is next due: one row per job, shared by every machine's timer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, now


class JobRun(Base):
    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    # When the job may next start. Also a lease: claiming a job moves it past the job's timeout, so no other machine
    # starts it while it runs, and one that crashed mid-run is started again once the lease has passed.
    next_due_at: Mapped[datetime] = mapped_column(default=now)
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(20))  # running / succeeded / failed
    # The job's one-line summary (counts), or the error's type: never personal data.
    last_summary: Mapped[str | None] = mapped_column(String(500))
    last_host: Mapped[str | None] = mapped_column(String(255))  # the machine that ran it
