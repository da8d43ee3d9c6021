"""Support services the case page signposts (Victims' Code Right 4). Data, so a force can change them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupportService:
    code: str
    name: str
    description: str
    phone: str
    website: str
    # Shown for every report, or only for some report types (by slug).
    report_types: tuple[str, ...] = ()
    # Whether we can refer the victim (with consent) or only signpost.
    referrable: bool = True


SERVICES: tuple[SupportService, ...] = (
    SupportService(
        "victim-support",
        "Victim Support",
        "Free, confidential help for anyone affected by crime, whether or not it was reported, and however long ago.",
        "08 08 16 89 111",
        "https://www.victimsupport.org.uk",
    ),
    SupportService(
        "london-victim-witness",
        "London Victim and Witness Service",
        "Practical and emotional support for victims and witnesses of crime in London.",
        "0808 168 9291",
        "https://www.londonvictimandwitnessservice.org.uk",
    ),
    SupportService(
        "asb-help",
        "ASB Help",
        "Advice for people experiencing anti-social behaviour, including the ASB Case Review.",
        "",
        "https://asbhelp.co.uk",
        report_types=("anti-social-behaviour",),
        referrable=False,
    ),
    SupportService(
        "report-fraud-support",
        "Fraud victim support",
        "Help to recover from fraud, protect your accounts and avoid being targeted again.",
        "0300 123 2040",
        "https://www.victimsupport.org.uk/crime-info/types-crime/fraud",
        report_types=("fraud",),
    ),
    SupportService(
        "domestic-abuse-helpline",
        "National Domestic Abuse Helpline",
        "Free, confidential support, day or night, for anyone experiencing domestic abuse.",
        "0808 2000 247",
        "https://www.nationaldahelpline.org.uk",
        referrable=False,
    ),
)


def services_for(report_type: str) -> list[SupportService]:
    return [s for s in SERVICES if not s.report_types or report_type in s.report_types]


def referrable_for(report_type: str) -> list[SupportService]:
    return [s for s in services_for(report_type) if s.referrable]
