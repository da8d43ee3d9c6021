"""`flask --app portal cases ...`: checks on the case handling data."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.services.cases import counts as queue_counts

cases_cli = AppGroup("cases", help="Case handling: the triage queue's counts.")
SHOWN = 20


@cases_cli.command("counts")
@click.option("--repair", is_flag=True, help="Rebuild the counts from the reports if they differ.")
def counts(repair: bool) -> None:
    """Compare the triage queue's kept counts with a recount of the reports (exit status 1 if they differ)."""
    found = queue_counts.differences()
    if not found:
        click.echo("The queue's counts match the reports.")
        return
    click.echo(f"{len(found)} counts differ from a recount of the reports (level, area, status, type, urgency, ...):")
    for key, (stored, actual) in list(found.items())[:SHOWN]:
        click.echo(f"  {key}: kept {stored}, recounted {actual}")
    if not repair:
        raise click.ClickException("Run again with --repair to rebuild them.")
    queue_counts.rebuild()
    click.echo("Rebuilt the counts from the reports.")
