"""`flask --app portal retention run [--dry-run]`: the daily disposal job (docs/retention.md), and
`flask --app portal retention schedule`: the schedule it applies."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.services.retention import job, notice

retention_cli = AppGroup("retention", help="The retention schedule and the daily disposal job.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Say what is due under each rule; change nothing.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Records per transaction.")
def run(dry_run: bool, batch_size: int | None) -> None:
    """Apply the retention schedule once (run it daily)."""
    summary = job.run(dry_run=dry_run, batch_size=batch_size)
    heading = "Dry run: nothing was changed." if dry_run else "Retention schedule applied."
    click.echo(heading)
    for line in summary.lines():
        click.echo(f"  {line}")
    click.echo(f"{summary.total:,} records {'due' if dry_run else 'dealt with'}.")


@retention_cli.command("schedule")
def show_schedule() -> None:
    """Print the retention schedule as the privacy notice states it."""
    for row in notice.rows():
        click.echo(f"{row.code}: {row.what}: {row.how_long}; {row.then.lower()}")
