"""`flask --app portal oversight reindex`: rebuild the identifiers behind "possible duplicates" from every report's
stored answers (for reports made before the index existed, or after changing how identifiers are normalised)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.services.oversight import identifiers

oversight_cli = AppGroup("oversight", help="Statistics, ward content and report links.")


@oversight_cli.command("reindex")
def reindex() -> None:
    """Rebuild the possible-duplicates index from every report's answers."""
    count = identifiers.reindex()
    click.echo(f"Indexed the identifiers of {count} reports.")
