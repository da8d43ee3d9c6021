"""`flask --app portal demo load`: everything `make run` needs for a newcomer to try the portal.

The steps run in this order, each idempotent, so `make run` can be run again and again: the real ward and crime
data (and demonstration ward teams), the demo staff accounts for one ward, then demo reports in that ward sent through
the real reporting service.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from portal.demo.front_counters import front_counters_demo
from portal.demo.reports import demo_reports
from portal.demo.staff import demo_staff
from portal.demo.wards import ward_pages_demo

demo_cli = AppGroup("demo", help="Demonstration data for trying the portal.")

STEPS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("ward pages", ward_pages_demo),
    ("front counters", front_counters_demo),
    ("staff", demo_staff),
    ("reports", demo_reports),
)


@demo_cli.command("load")
def load() -> None:
    """Load the demonstration data (idempotent)."""
    for name, function in STEPS:
        click.echo(f"{name}: {function()}")
