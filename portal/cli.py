"""Command-line tools: `flask --app portal <group> <command>`. Each area of the portal adds its own group here."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from portal import migrate

    migrate.upgrade(revision=revision)
    click.echo(f"Database migrated to {revision}.")


@db_cli.command("downgrade")
@click.option("--revision", required=True)
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION."""
    from portal import migrate

    migrate.downgrade(revision=revision)
    click.echo(f"Database downgraded to {revision}.")


def register_cli(app: Flask) -> None:
    from portal.demo import demo_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(demo_cli)
    from portal.reports.cli import outbox_cli, reports_cli

    app.cli.add_command(outbox_cli)
    app.cli.add_command(reports_cli)
    from portal.wards.cli import crime_cli, wards_cli  # also registers the ward pages' demo step

    app.cli.add_command(wards_cli)
    app.cli.add_command(crime_cli)
    from portal.cases import demo as _cases_demo  # noqa: F401  (demo reports; it imports the staff step first)
    from portal.staff import demo as _staff_demo  # noqa: F401  (its demo step runs after the wards are loaded)
    from portal.staff.cli import staff_cli

    app.cli.add_command(staff_cli)
    from portal.staff.oversight_cli import oversight_cli

    app.cli.add_command(oversight_cli)
    from portal.cases.cli import cases_cli

    app.cli.add_command(cases_cli)
    from portal.jobs_cli import jobs_cli

    app.cli.add_command(jobs_cli)
