"""The rules of "Where do I report this?", as data: the questions, where answers lead, and what is carried into a
report. Rules are read in order and the first whose answers all match decides (router.py); each situation is a row of
tests/unit/test_where_to_report.py. To send something elsewhere, change a rule here, not the code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.services.guidance.router import (
    Arrive,
    Ask,
    Destination,
    Option,
    Question,
    Rule,
    asked_before,
    clean,
    decide,
)

Q = Question
O = Option  # noqa: E741  (one letter keeps the tables readable)

QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in (
        Q(
            "emergency",
            "Is anyone in danger, or is a crime happening now?",
            (O("yes", "Yes"), O("no", "No")),
            hint="For example, someone is hurt, being threatened or followed, or the suspect is still there.",
            error="Select yes if anyone is in danger or a crime is happening now",
        ),
        Q(
            "happened",
            "What happened?",
            (
                O("stolen", "Something was stolen from me, or from a shop or business"),
                O("break-in", "Someone broke into, or tried to break into, a home, shed, garage or business"),
                O("vehicle", "A vehicle was stolen, broken into or damaged"),
                O("bicycle", "A bicycle was stolen"),
                O("damage", "Something was damaged, or covered in graffiti"),
                O("fraud", "Fraud, a scam or cyber crime"),
                O("asb", "Anti-social behaviour, such as street drinking, drug dealing or nuisance vehicles"),
                O("hate", "Someone abused, threatened or harassed people because of who they are"),
                O("road", "A road collision, or dangerous or careless driving"),
                O("noise", "Noise, such as loud music or parties"),
                O("fly-tipping", "Fly-tipping or dumped rubbish"),
                O("street", "A street problem, such as a pothole, a broken street light or an abandoned vehicle"),
                O("lost", "I have lost something"),
                O("found", "I have found something"),
                O("information", "I have information about a crime or a suspect"),
                O("other", "Something else"),
            ),
            error="Select what happened",
        ),
        Q(
            "place",
            "Where did it happen?",
            (
                O("london", "In London, but not on a train, the Tube or a tram, or at a station"),
                O("railway", "On a train, the Tube or a tram, or at a station"),
                O("elsewhere", "Outside London"),
            ),
            error="Select where it happened",
        ),
        Q(
            "stolen_how",
            "How was it stolen?",
            (
                O("snatch", "Snatched from me, for example a phone taken by someone on foot, a bike or a moped"),
                O("pickpocket", "Taken from my pocket, bag or clothing without me noticing"),
                O("left", "Taken after I put it down or left it somewhere"),
                O("shop", "Stolen from a shop or business"),
                O("force", "They used force or threatened me"),
                O("other", "Another way"),
            ),
            error="Select how it was stolen",
        ),
        Q(
            "fraud_reasons",
            "Do any of these apply?",
            (
                O("suspect-local", "I know who the suspect is and they live or work locally"),
                O("vulnerable", "The victim is vulnerable, for example elderly, ill or being exploited"),
                O("recoverable", "Money or evidence could be recovered quickly, for example a payment made today"),
                O("none", "None of these"),
            ),
            hint="Select all that apply. Most fraud is reported to Report Fraud, the national service.",
            multiple=True,
            exclusive="none",
            error="Select the ones that apply, or select 'None of these'",
        ),
        Q(
            "damage_whose",
            "What was damaged?",
            (
                O("private", "A home, a business, a vehicle or something that belongs to someone"),
                O("public", "A street or public place, such as a bus shelter, a street sign or a park"),
            ),
            error="Select what was damaged",
        ),
        Q(
            "noise_threat",
            "Is anyone being threatened or intimidated?",
            (O("yes", "Yes"), O("no", "No")),
            error="Select yes if anyone is being threatened or intimidated",
        ),
        Q(
            "anonymous",
            "Do you want to stay anonymous?",
            (O("yes", "Yes, I do not want to give my name"), O("no", "No, I can give my name and contact details")),
            error="Select whether you want to stay anonymous",
        ),
    )
}

DESTINATIONS: dict[str, Destination] = {
    d.key: d
    for d in (
        Destination("emergency", "call", "999"),
        Destination("call-101", "call", "101", "An officer needs to talk to you about this."),
        Destination("robbery", "call", "101", "When force or threats are used to steal something, it is a robbery."),
        Destination("lost", "guide", "lost"),
        Destination("found", "guide", "found"),
        Destination("report-fraud", "organisation", "report-fraud"),
        Destination("council", "organisation", "council"),
        Destination("btp", "organisation", "btp"),
        Destination("crimestoppers", "organisation", "crimestoppers"),
        Destination("other-force", "organisation", "other-force"),
        *(
            Destination(slug, "report", slug)
            for slug in (
                "theft",
                "burglary",
                "vehicle-crime",
                "bicycle-theft",
                "criminal-damage",
                "fraud",
                "anti-social-behaviour",
                "road-traffic-incident",
                "give-information",
            )
        ),
    )
}

NO_EMERGENCY = {"emergency": {"emergency": "no"}}
CRIMES = ("stolen", "break-in", "vehicle", "bicycle", "damage", "asb", "hate", "road")
CALM = {"emergency": ("no",)}


def _when(**answers: tuple[str, ...] | str) -> dict[str, tuple[str, ...]]:
    return {**CALM, **{key: (value,) if isinstance(value, str) else value for key, value in answers.items()}}


RULES: tuple[Rule, ...] = (
    Rule({"emergency": ("yes",)}, "emergency"),
    Rule(_when(happened="lost"), "lost"),
    Rule(_when(happened="found"), "found"),
    Rule(
        _when(happened="noise", noise_threat="yes"),
        "anti-social-behaviour",
        {**NO_EMERGENCY, "kind": {"asb_type": "personal"}},
    ),
    Rule(_when(happened="noise", noise_threat="no"), "council"),
    Rule(_when(happened=("fly-tipping", "street")), "council"),
    Rule(_when(happened="fraud", fraud_reasons="none"), "report-fraud"),
    # The fraud journey asks its own emergency question (is the suspect with you?), so only the reasons are carried.
    Rule(_when(happened="fraud", fraud_reasons="*"), "fraud", {"report-to-police": {"reasons": "$fraud_reasons"}}),
    Rule(_when(happened="information", anonymous="yes"), "crimestoppers"),
    Rule(
        _when(happened="information", anonymous="no"),
        "give-information",
        {**NO_EMERGENCY, "contact-choice": {"give_details": "yes"}},
    ),
    Rule(_when(happened="other"), "call-101"),
    Rule(_when(happened=CRIMES, place="railway"), "btp"),
    Rule(_when(happened=CRIMES, place="elsewhere"), "other-force"),
    Rule(_when(happened="stolen", place="london", stolen_how="force"), "robbery"),
    Rule(
        _when(happened="stolen", place="london", stolen_how="*"),
        "theft",
        {**NO_EMERGENCY, "kind": {"theft_kind": "$stolen_how"}},
    ),
    Rule(_when(happened="break-in", place="london"), "burglary", NO_EMERGENCY),
    Rule(_when(happened="vehicle", place="london"), "vehicle-crime", NO_EMERGENCY),
    Rule(_when(happened="bicycle", place="london"), "bicycle-theft", NO_EMERGENCY),
    Rule(_when(happened="damage", place="london", damage_whose="private"), "criminal-damage", NO_EMERGENCY),
    Rule(_when(happened="damage", place="london", damage_whose="public"), "council"),
    Rule(_when(happened="asb", place="london"), "anti-social-behaviour", NO_EMERGENCY),
    Rule(
        _when(happened="hate", place="london"),
        "anti-social-behaviour",
        {**NO_EMERGENCY, "kind": {"asb_type": "personal"}},
    ),
    Rule(_when(happened="road", place="london"), "road-traffic-incident", NO_EMERGENCY),
)


def read(raw: Mapping[str, list[str]]) -> dict[str, Any]:
    """The answers in a page's query string (or a posted form), known questions and values only."""
    return clean(QUESTIONS, raw)


def route(answers: Mapping[str, Any]) -> Ask | Arrive:
    return decide(QUESTIONS, RULES, DESTINATIONS, answers)


def before(answers: Mapping[str, Any], question: Question) -> dict[str, Any]:
    return asked_before(QUESTIONS, answers, question)


def last_answered(answers: Mapping[str, Any]) -> str | None:
    """The most recent question answered (questions are always asked in their order): what "Back" takes away."""
    answered = [question for question in QUESTIONS if question in answers]
    return answered[-1] if answered else None


def route_or_none(answers: Mapping[str, Any]) -> Ask | Arrive | None:
    """As route(), for answers posted back to us: None when no rule covers them (a hand-made post)."""
    try:
        return route(answers)
    except LookupError:
        return None
