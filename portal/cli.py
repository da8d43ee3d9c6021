"""Command-line tools: `flask --app portal <group> <command>`. Each area of the portal brings its own group."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from portal import migrate
from portal.cases.cli import cases_cli
from portal.demo import demo_cli
from portal.information_rights.cli import retention_cli
from portal.jobs_cli import jobs_cli
from portal.oversight.cli import oversight_cli
from portal.reports.cli import outbox_cli
from portal.staff.cli import staff_cli
from portal.wards.cli import crime_cli, front_counters_cli, wards_cli

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    migrate.upgrade(revision=revision)
    click.echo(f"Database migrated to {revision}.")


@db_cli.command("downgrade")
@click.option("--revision", required=True)
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION."""
    migrate.downgrade(revision=revision)
    click.echo(f"Database downgraded to {revision}.")


def register_cli(app: Flask) -> None:
    for group in (
        db_cli,
        demo_cli,
        outbox_cli,
        wards_cli,
        crime_cli,
        staff_cli,
        oversight_cli,
        cases_cli,
        jobs_cli,
        retention_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(front_counters_cli)
