"""`flask --app portal staff ...`: create and manage staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from portal.models.staff import StaffUser
from portal.services.staff import accounts, auth, passwords, roles
from portal.services.staff import totp as totp_secrets

staff_cli = AppGroup("staff", help="Staff accounts: create, disable, reset the authenticator app.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    # Piped: the first line of standard input, so the password never appears in the process list or shell history.
    return sys.stdin.readline().rstrip("\r\n")


def _account(email: str) -> StaffUser:
    staff = accounts.by_email(email)
    if staff is None:
        raise click.ClickException(f"There is no staff account for {email}.")
    return staff


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "role_code", required=True, type=click.Choice(roles.ROLE_CODES))
@click.option("--ward", "wards", multiple=True, help="Ward GSS code (officers); repeat for several.")
@click.option("--borough", "boroughs", multiple=True, help="Borough GSS code (supervisors, front counter).")
def create(email: str, name: str, role_code: str, wards: tuple[str, ...], boroughs: tuple[str, ...]) -> None:
    """Create an account; the password is read from standard input. Prints the authenticator app link."""
    roles.ensure_roles()
    password = _read_password()
    try:
        staff = accounts.create(
            email=email, name=name, role_code=role_code, password=password, ward_codes=wards, borough_codes=boroughs
        )
    except (accounts.AccountError, passwords.PasswordRejected) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {staff.role.name.lower()} account for {staff.email}.")
    click.echo("Add it to an authenticator app with this link (or the setup key shown when they first sign in):")
    click.echo(auth.provisioning_uri(staff))


@staff_cli.command("disable")
@click.option("--email", required=True)
def disable(email: str) -> None:
    """Disable an account and end its signed-in sessions."""
    staff = _account(email)
    try:
        ended = accounts.disable(staff)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Disabled {staff.email}; {ended} signed-in session(s) ended.")


@staff_cli.command("enable")
@click.option("--email", required=True)
def enable(email: str) -> None:
    """Let a disabled or locked account sign in again."""
    staff = _account(email)
    accounts.enable(staff)
    click.echo(f"Enabled {staff.email}.")


@staff_cli.command("reset-mfa")
@click.option("--email", required=True)
def reset_mfa(email: str) -> None:
    """Give an account a new authenticator secret (a lost phone). Prints the new link."""
    staff = _account(email)
    accounts.reset_mfa(staff)
    click.echo(f"Reset the authenticator app for {staff.email}; their sessions have ended. New link:")
    click.echo(auth.provisioning_uri(staff))


@staff_cli.command("rotate-totp-key")
def rotate_totp_key() -> None:
    """Seal every authenticator secret with the first key in TOTP_ENCRYPTION_KEYS (after adding a new key)."""
    try:
        sealed = totp_secrets.rotate()
    except totp_secrets.TotpKeyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Sealed {sealed} authenticator secret(s) with the current key.")


@staff_cli.command("sync-roles")
def sync_roles() -> None:
    """Bring the roles and their permissions up to the portal's defaults."""
    roles.sync_roles()
    click.echo(f"Roles up to date: {', '.join(roles.ROLE_CODES)}.")


@staff_cli.command("totp")
@click.option("--email", required=True)
def totp(email: str) -> None:
    """Print the account's current security code (development only: it stands in for the phone)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("staff totp is for development only and is refused in production.")
    click.echo(auth.current_code(_account(email)))
