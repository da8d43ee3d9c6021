"""The daily disposal job: apply the retention schedule, rule by rule, in batches.

Each batch is one transaction: it finds up to RETENTION_BATCH_SIZE due records (in id order, after the last batch's),
disposes of them as the rule says, and writes one audit record with what it did, committed together. A crash
part-way rolls back only the batch in hand; nothing remembers where a run got to, because nothing needs to: whatever
is still due is found again by the next run, and what was done is no longer due. Running it twice changes nothing
the second time. Batches from two runs at once take turns (a lock on PostgreSQL, SQLite's single writer).

`daily()` is what a scheduler calls (the production jobs command, or cron with `flask --app portal retention run`).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import text

from portal.core import clock
from portal.db import session
from portal.services.retention import disposal, kinds, removal, schedule
from portal.services.retention.schedule import Rule
from portal.services.staff import audit

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key for the job's batches: "retentio" as eight bytes.
LOCK_KEY = 0x726574656E74696F


@dataclass
class RuleResult:
    rule: Rule
    due: int = 0  # records found due (and, unless a dry run, dealt with)
    batches: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class Summary:
    dry_run: bool
    started_at: datetime
    results: list[RuleResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(result.due for result in self.results)

    def lines(self) -> list[str]:
        verb = {schedule.DELETE: "delete", schedule.ANONYMISE: "anonymise", schedule.REVIEW: "flag for review"}
        lines = []
        for result in self.results:
            kind = kinds.KINDS[result.rule.record_kind].label.lower()
            what = (
                f"{result.rule.code}: {result.due:,} {kind} due ({result.rule.period_text} after {result.rule.trigger})"
            )
            if self.dry_run:
                lines.append(f"{what}, would {verb[result.rule.action]}")
            else:
                done = ", ".join(f"{n:,} {label}" for label, n in sorted(result.counts.items())) or "nothing"
                lines.append(f"{what}: {done}")
        return lines


def run(now: datetime | None = None, *, dry_run: bool = False, batch_size: int | None = None) -> Summary:
    """Apply every rule of the schedule once. With `dry_run`, find what is due and change nothing."""
    now = now or clock.now()
    size = batch_size or int(current_app.config["RETENTION_BATCH_SIZE"])
    if not dry_run:
        schedule.ensure_defaults()
    rules = schedule.rules()
    summary = Summary(dry_run=dry_run, started_at=now)
    for rule in rules:
        summary.results.append(_apply(rule, rules, now, size, dry_run))
    return summary


def daily() -> str:
    """The scheduled run, as one line for a jobs log."""
    summary = run()
    log.info("retention job: %s records due", summary.total)
    return f"{summary.total:,} records disposed of or flagged for review"


def _apply(rule: Rule, rules: list[Rule], now: datetime, size: int, dry_run: bool) -> RuleResult:
    result = RuleResult(rule)
    after = 0
    while True:
        try:
            if not dry_run:
                _begin_batch()
            ids = kinds.due_ids(rule, rules, now, after, size)
            if not ids or dry_run:
                session.rollback()
            else:
                counts = disposal.dispose(rule, ids, now)
                detail = "; ".join(f"{label}: {n}" for label, n in sorted(counts.items()))
                # Commits the batch and its audit record together.
                audit.record(None, "retention.batch", "retention_rule", rule.code, detail=f"{len(ids)} due; {detail}")
                result.counts.update(counts)
                result.batches += 1
        except BaseException:
            session.rollback()
            raise
        if not ids:
            return result
        result.due += len(ids)
        after = ids[-1]


def _begin_batch() -> None:
    """Start the batch's transaction holding the writers' lock, so two runs never take the same records."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    removal.begin_writing()
