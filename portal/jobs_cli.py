"""`flask --app portal jobs run` (whatever is due; what a timer starts) and `flask --app portal jobs list`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.services.jobs import runner
from portal.services.jobs.schedule import JOBS

jobs_cli = AppGroup("jobs", help="Scheduled jobs: purging expired drafts, pruning old sessions...")


@jobs_cli.command("run")
@click.option("--job", "names", multiple=True, help="Only this job (repeatable). Default: every registered job.")
@click.option("--force", is_flag=True, help="Run even if not due (never while it runs elsewhere).")
def run(names: tuple[str, ...], force: bool) -> None:
    """Run every job that is due. Safe to start on several machines at once: each job runs once."""
    unknown = [name for name in names if name not in JOBS]
    if unknown:
        raise click.BadParameter(f"no job named {', '.join(unknown)}; see `jobs list`.", param_hint="--job")
    outcomes = runner.run_due(JOBS, names or None, force=force)
    for outcome in outcomes:
        if outcome.status in ("succeeded", "failed"):
            click.echo(f"{outcome.name}: {outcome.status} in {outcome.seconds:.1f}s: {outcome.summary}")
        else:
            click.echo(f"{outcome.name}: {outcome.status} (next {_when(outcome.next_due_at)})")
    if any(outcome.status == "failed" for outcome in outcomes):
        # A non-zero exit marks the timer's service as failed, which is what monitoring watches.
        raise SystemExit(1)


@jobs_cli.command("list")
def list_jobs() -> None:
    """Every registered job, its interval, and its last run."""
    runs = runner.last_runs()
    for name, each in JOBS.items():
        row = runs.get(name)
        last = f"last {row.last_status} at {_when(row.last_started_at)}" if row and row.last_started_at else "never run"
        due = _when(row.next_due_at) if row else "now"
        click.echo(f"{name}: every {each.interval}; {last}; next {due}")


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "now"
