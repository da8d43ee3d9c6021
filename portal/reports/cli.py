"""`flask --app portal outbox send [--loop]`: the outbox sender."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from portal.services.mail import outbox

outbox_cli = AppGroup("outbox", help="Email waiting to be sent.")


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending new messages as they arrive.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between runs with --loop.")
def send(loop: bool, interval: float) -> None:
    """Send every message that is due (retrying failures with backoff)."""
    while True:
        result = outbox.send_due()
        if result.sent or result.failed or not loop:
            click.echo(f"Sent {result.sent}, failed {result.failed}.")
        if not loop:
            return
        time.sleep(interval)
