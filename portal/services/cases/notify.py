"""Telling the victim: by email through the outbox when email is given and not marked unsafe; otherwise the officer
is told which safe channel to use, and that instruction is recorded on the case. Never a channel marked unsafe."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import Report
from portal.services.mail import compose, outbox
from portal.services.reporting import references
from portal.services.tracking import links

CHANNEL_LABELS = {"email": "email", "phone": "phone call", "text": "text message", "letter": "letter", "visit": "visit"}
# The order to fall back through when the preferred channel cannot be used.
FALLBACK = ("phone", "text", "letter")


@dataclass(frozen=True)
class Delivery:
    emailed: bool
    # For the officer when not emailed: how to tell the victim instead (None if emailed).
    instruction: str | None


def can_email(report: Report) -> bool:
    return bool(report.reporter_email) and not report.anonymous and "email" not in (report.unsafe_channels or [])


def safe_channel(report: Report) -> str | None:
    """The channel an officer should use when email is not possible: the preferred one if safe, else the first safe
    channel the victim gave details for. None when there is no safe way (anonymous, or nothing safe given)."""
    unsafe = set(report.unsafe_channels or [])
    available = {
        "phone": bool(report.reporter_phone),
        "text": bool(report.reporter_phone),
        "letter": bool(report.postcode),
    }
    preferred = report.preferred_contact
    if preferred and preferred != "email" and preferred not in unsafe and available.get(preferred):
        return preferred
    return next((channel for channel in FALLBACK if channel not in unsafe and available[channel]), None)


def deliver(report: Report, subject: str, text: str) -> Delivery:
    """Queue the email in the caller's transaction, or say how the officer must pass the update on."""
    if can_email(report):
        body = compose.render(
            "case-update",
            reference=references.display(report.reference),
            text=text,
            officer=report.assigned_to.name if report.assigned_to else None,
            # Case tracking's one-time sign-in link, issued when the email is sent.
            sign_in_url=links.PLACEHOLDER,
        )
        outbox.enqueue("case-update", report.reporter_email or "", subject, body, sign_in_for=report.id)
        return Delivery(emailed=True, instruction=None)
    return Delivery(emailed=False, instruction=instruction(report))


def instruction(report: Report) -> str:
    """How the officer must pass an update on when it cannot be emailed: never by a channel marked unsafe."""
    if report.anonymous or not report.reporter_name and not report.reporter_phone:
        return "The reporter gave no contact details, so they cannot be told."
    channel = safe_channel(report)
    if channel is None:
        return "The victim has not given a safe way to contact them. Do not use a channel they marked unsafe."
    return (
        f"Not emailed. Tell the victim by {CHANNEL_LABELS[channel]}, the safe way they gave us, "
        "and record that you have."
    )
