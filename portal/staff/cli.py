"""`flask --app portal staff ...`: create and manage staff accounts from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.models.staff import StaffUser
from portal.services.staff import accounts, auth, enrolment, roles
from portal.services.staff import totp as totp_secrets

staff_cli = AppGroup("staff", help="Staff accounts: create, disable, send enrolment links, reset sign-in.")


def _account(email: str) -> StaffUser:
    staff = accounts.by_email(email)
    if staff is None:
        raise click.ClickException(f"There is no staff account for {email}.")
    return staff


PRINT_LINK = click.option(
    "--print-link",
    is_flag=True,
    help="Print the enrolment link here instead of emailing it (when mail is not set up yet). Give it only to the "
    "person it is for: it sets up their account.",
)


def _link_given(staff: StaffUser, link: str | None) -> None:
    if link is None:
        click.echo(f"An enrolment link is queued for {staff.email}: it is issued when `flask outbox send` sends it.")
    else:
        hours = int(current_app.config["STAFF_ENROLMENT_LINK_VALID_SECONDS"]) // 3600
        click.echo(f"Enrolment link for {staff.email} (works once, for {hours} hours; give it only to them):")
        click.echo(link)


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "role_code", required=True, type=click.Choice(roles.ROLE_CODES))
@click.option("--ward", "wards", multiple=True, help="Ward GSS code (officers); repeat for several.")
@click.option("--borough", "boroughs", multiple=True, help="Borough GSS code (supervisors, front counter).")
@PRINT_LINK
def create(
    email: str, name: str, role_code: str, wards: tuple[str, ...], boroughs: tuple[str, ...], print_link: bool
) -> None:
    """Create an account, with no password: its owner chooses one, and sets up their authenticator app, through
    the enrolment link emailed to them (or printed, with --print-link)."""
    roles.ensure_roles()
    try:
        staff = accounts.create(
            email=email,
            name=name,
            role_code=role_code,
            ward_codes=wards,
            borough_codes=boroughs,
            email_link=not print_link,
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    link = enrolment.restart(staff, None, enrolment.CREATED, email=False) if print_link else None
    click.echo(f"Created {staff.role.name.lower()} account for {staff.email}.")
    _link_given(staff, link)


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
@PRINT_LINK
def reset_mfa(email: str, print_link: bool) -> None:
    """A lost phone: the account's password and authenticator app stop working, its sessions end, and its owner
    sets both up again through a new enrolment link."""
    staff = _account(email)
    link = accounts.reset_mfa(staff, email_link=not print_link)
    click.echo(f"Reset the password and authenticator app of {staff.email}; their sessions have ended.")
    _link_given(staff, link)


@staff_cli.command("enrolment-link")
@click.option("--email", required=True)
@PRINT_LINK
def enrolment_link(email: str, print_link: bool) -> None:
    """A new enrolment link for an account (the last one expired or never arrived); earlier links stop working."""
    staff = _account(email)
    _link_given(staff, accounts.new_enrolment_link(staff, email_link=not print_link))


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
