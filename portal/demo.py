"""`flask --app portal demo load`: everything `make run` needs for a newcomer to try the portal.

Each area of the portal contributes a step (real ward and crime data, demonstration ward teams, demo staff
accounts). Steps are idempotent, so `make run` can be run again and again.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demonstration data for trying the portal.")

# (name, function) in the order they run; each area appends its own step when its module is imported.
STEPS: list[tuple[str, Callable[[], str]]] = []


def step(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    def register(function: Callable[[], str]) -> Callable[[], str]:
        STEPS.append((name, function))
        return function

    return register


@demo_cli.command("load")
def load() -> None:
    """Load the demonstration data (idempotent)."""
    for name, function in STEPS:
        click.echo(f"{name}: {function()}")
