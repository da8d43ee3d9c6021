"""Other organisations we send people to, with their numbers as published. Data: a force changes them here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    what: str  # what they deal with, as a sentence
    phone: str = ""
    textphone: str = ""
    text: str = ""  # a number to text
    website: str = ""
    notes: tuple[str, ...] = ()


ORGANISATIONS: dict[str, Organisation] = {
    o.code: o
    for o in (
        Organisation(
            "report-fraud",
            "Report Fraud",
            "Report Fraud is the national service for reporting fraud and cyber crime (it replaced Action Fraud on "
            "4 December 2025). Reports from across the country are analysed together, which is how fraudsters are "
            "traced.",
            phone="0300 123 2040",
            website="https://www.reportfraud.police.uk",
            notes=(
                "If you have lost money, call your bank straight away on the number on the back of your card, or "
                "call 159 to reach most UK banks.",
            ),
        ),
        Organisation(
            "council",
            "Your local council",
            "Councils deal with noise, fly-tipping and street problems such as potholes, broken street lights, "
            "abandoned vehicles and graffiti on public property.",
            website="https://www.gov.uk/find-local-council",
            notes=(
                "If someone is being threatened or intimidated, or graffiti is aimed at people because of who they "
                "are, report it to us as well.",
            ),
        ),
        Organisation(
            "btp",
            "British Transport Police",
            "British Transport Police deal with crime on trains, the Tube, trams and at stations.",
            phone="0800 40 50 40",
            text="61016",
            website="https://www.btp.police.uk",
            notes=("In an emergency, call 999.",),
        ),
        Organisation(
            "crimestoppers",
            "Crimestoppers",
            "Crimestoppers is an independent charity. You can give information about crime to them without giving "
            "your name: they never ask for it, and they do not trace calls or keep computer details.",
            phone="0800 555 111",
            website="https://crimestoppers-uk.org",
        ),
        Organisation(
            "other-force",
            "The police force where it happened",
            "We are London's police. Report a crime outside London to the police force for the place where it "
            "happened: police.uk finds it from a town or postcode.",
            phone="101",
            website="https://www.police.uk",
        ),
    )
}
