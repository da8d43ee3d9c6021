"""`flask wards ...` and `flask crime ...`: load ward, boundary, crime and content data. Every loader is idempotent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup

from portal.services.front_counters.load import load_front_counters
from portal.services.wards import advice, boundaries, content, crime, reference, summaries
from portal.services.wards.datafile import DataFileError
from portal.services.wards.page import clear_cache

wards_cli = AppGroup("wards", help="Wards, boundaries, ward teams, priorities, meetings and advice.")
crime_cli = AppGroup("crime", help="Recorded crime per ward.")
front_counters_cli = AppGroup("front-counters", help="Police station front counters and their opening hours.")
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


def _run(load: Callable[[], object], what: str) -> None:
    try:
        result = load()
    except DataFileError as error:
        raise click.ClickException(
            f"Nothing was loaded. Fix these problems and load the file again:\n{error}"
        ) from None
    clear_cache()
    click.echo(f"{what}: {result}")


@wards_cli.command("load")
@click.argument("path", type=FILE)
def load_wards(path: Path) -> None:
    """Load wards and boroughs (ward_code, ward_name, borough_code, borough_name, lat, lon)."""
    _run(lambda: reference.load_wards(path), "Wards")


@wards_cli.command("publishers")
@click.argument("path", type=FILE)
def load_publishers(path: Path) -> None:
    """Load which boroughs' statistics another force publishes (borough_code, statistics_publisher)."""
    _run(lambda: reference.load_statistics_publishers(path), "Boroughs with another publisher")


@wards_cli.command("boundaries")
@click.argument("path", type=FILE)
def load_boundaries(path: Path) -> None:
    """Load ward boundaries from GeoJSON (a ward_code property on each feature)."""
    _run(lambda: boundaries.load_boundaries(path), "Ward boundaries")


@wards_cli.command("advice")
@click.argument("folder", type=FOLDER)
def load_advice(folder: Path) -> None:
    """Load the prevention advice articles (Markdown with front matter) in FOLDER."""
    _run(lambda: advice.load_advice(folder), "Advice articles")


@wards_cli.command("team")
@click.argument("path", type=FILE)
@click.option("--demo", is_flag=True, help="Label the rows as demonstration data.")
def load_team(path: Path, demo: bool) -> None:
    """Load ward officers (ward_code, name, rank, role, email, bio), replacing each named ward's team."""
    _run(lambda: content.load_team(path, demo), "Ward team members")


@wards_cli.command("priorities")
@click.argument("path", type=FILE)
@click.option("--demo", is_flag=True, help="Label the rows as demonstration data.")
def load_priorities(path: Path, demo: bool) -> None:
    """Load ward panel priorities (ward_code, issue, action, issue_date, action_date)."""
    _run(lambda: content.load_priorities(path, demo), "Ward panel priorities")


@wards_cli.command("meetings")
@click.argument("path", type=FILE)
@click.option("--demo", is_flag=True, help="Label the rows as demonstration data.")
def load_meetings(path: Path, demo: bool) -> None:
    """Load meetings (ward_code, title, type, description, address, starts_at, ends_at)."""
    _run(lambda: content.load_meetings(path, demo), "Meetings")


@crime_cli.command("categories")
@click.argument("path", type=FILE)
def load_categories(path: Path) -> None:
    """Load crime categories and the mapping from each source's categories to them."""
    _run(lambda: reference.load_categories(path), "Crime categories")


@crime_cli.command("load")
@click.argument("path", type=FILE)
def load_crime(path: Path) -> None:
    """Load monthly crime per ward: the Met's ward file or police.uk-category counts (detected from the header)."""
    _run(lambda: crime.load_crime(path), "Recorded crime")
    _run(summaries.suggest_borough_priorities, "Suggested borough priorities")


@crime_cli.command("summarise")
def summarise() -> None:
    """Recompute every ward's summaries and rising flags (after changing the thresholds)."""
    _run(summaries.refresh_all, "Summaries")


@front_counters_cli.command("load")
@click.argument("path", type=FILE)
def load_counters(path: Path) -> None:
    """Load front counters (name, borough, address, postcode, lat, lon, hours per day, step_free, closed_from)."""
    _run(lambda: load_front_counters(path), "Front counters")
