"""'Where do I report this?': each situation is a row (the answers a person gives → where they are sent), and the
rules as a whole answer every path through the questions and carry only answers the report would accept."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from portal.journeys.navigation import first_incomplete, relevant_answers
from portal.report_types import REPORT_TYPES
from portal.services.guidance import router_rules
from portal.services.guidance.organisations import ORGANISATIONS
from portal.services.guidance.router import Arrive, Ask

CALM = {"emergency": "no"}
LONDON = {**CALM, "place": "london"}

SITUATIONS: list[tuple[str, dict[str, Any], str]] = [
    ("someone is in danger", {"emergency": "yes"}, "emergency"),
    ("a crime is happening now, whatever it is", {"emergency": "yes", "happened": "noise"}, "emergency"),
    ("lost a wallet", {**CALM, "happened": "lost"}, "lost"),
    ("found a phone", {**CALM, "happened": "found"}, "found"),
    ("a neighbour's loud parties", {**CALM, "happened": "noise", "noise_threat": "no"}, "council"),
    ("noise used to intimidate", {**CALM, "happened": "noise", "noise_threat": "yes"}, "anti-social-behaviour"),
    ("a mattress dumped in the alley", {**CALM, "happened": "fly-tipping"}, "council"),
    ("a broken street light", {**CALM, "happened": "street"}, "council"),
    ("an online shopping scam", {**CALM, "happened": "fraud", "fraud_reasons": ["none"]}, "report-fraud"),
    ("a rogue trader who lives nearby", {**CALM, "happened": "fraud", "fraud_reasons": ["suspect-local"]}, "fraud"),
    (
        "a vulnerable parent scammed today",
        {**CALM, "happened": "fraud", "fraud_reasons": ["vulnerable", "recoverable"]},
        "fraud",
    ),
    ("a tip-off, to stay anonymous", {**CALM, "happened": "information", "anonymous": "yes"}, "crimestoppers"),
    ("a tip-off with a name given", {**CALM, "happened": "information", "anonymous": "no"}, "give-information"),
    ("something else entirely", {**CALM, "happened": "other"}, "call-101"),
    ("a phone snatched on the Tube", {**CALM, "happened": "stolen", "place": "railway"}, "btp"),
    ("a bike taken from a station rack", {**CALM, "happened": "bicycle", "place": "railway"}, "btp"),
    ("drunk and abusive passengers on a train", {**CALM, "happened": "asb", "place": "railway"}, "btp"),
    ("a car broken into in Brighton", {**CALM, "happened": "vehicle", "place": "elsewhere"}, "other-force"),
    ("a burglary at a holiday home in Kent", {**CALM, "happened": "break-in", "place": "elsewhere"}, "other-force"),
    ("a phone snatched by a moped rider", {**LONDON, "happened": "stolen", "stolen_how": "snatch"}, "theft"),
    ("a wallet pickpocketed on Oxford Street", {**LONDON, "happened": "stolen", "stolen_how": "pickpocket"}, "theft"),
    ("a laptop taken from a cafe table", {**LONDON, "happened": "stolen", "stolen_how": "left"}, "theft"),
    ("shoplifting from my shop", {**LONDON, "happened": "stolen", "stolen_how": "shop"}, "theft"),
    ("a parcel taken from the doorstep", {**LONDON, "happened": "stolen", "stolen_how": "other"}, "theft"),
    ("a phone taken with threats", {**LONDON, "happened": "stolen", "stolen_how": "force"}, "robbery"),
    ("a shed broken into", {**LONDON, "happened": "break-in"}, "burglary"),
    ("a van stolen overnight", {**LONDON, "happened": "vehicle"}, "vehicle-crime"),
    ("a bike cut from a railing", {**LONDON, "happened": "bicycle"}, "bicycle-theft"),
    ("a car keyed outside home", {**LONDON, "happened": "damage", "damage_whose": "private"}, "criminal-damage"),
    ("graffiti on a bus shelter", {**LONDON, "happened": "damage", "damage_whose": "public"}, "council"),
    ("street drinking in the park", {**LONDON, "happened": "asb"}, "anti-social-behaviour"),
    ("racist abuse in the street", {**LONDON, "happened": "hate"}, "anti-social-behaviour"),
    ("a driver who did not stop", {**LONDON, "happened": "road"}, "road-traffic-incident"),
]


@pytest.mark.parametrize(("situation", "answers", "destination"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_each_situation_goes_to_its_place(situation, answers, destination):
    outcome = router_rules.route(answers)
    assert isinstance(outcome, Arrive), f"{situation}: still asks {outcome}"
    assert outcome.destination.key == destination


def test_there_are_at_least_25_situations():
    assert len(SITUATIONS) >= 25


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({}, "emergency"),
        (CALM, "happened"),
        ({**CALM, "happened": "stolen"}, "place"),
        ({**LONDON, "happened": "stolen"}, "stolen_how"),
        ({**CALM, "happened": "fraud"}, "fraud_reasons"),
        ({**LONDON, "happened": "damage"}, "damage_whose"),
        ({**CALM, "happened": "noise"}, "noise_threat"),
        ({**CALM, "happened": "information"}, "anonymous"),
    ],
)
def test_a_question_is_asked_only_when_a_rule_needs_it(answers, asked):
    outcome = router_rules.route(answers)
    assert isinstance(outcome, Ask) and outcome.question.id == asked


def test_made_up_answers_are_ignored_and_a_lone_none_of_these_is_required():
    raw = {"emergency": ["no"], "happened": ["teleport"], "fraud_reasons": ["none", "vulnerable"]}
    assert router_rules.read(raw) == {"emergency": "no"}


def _every_path() -> list[tuple[dict[str, Any], Arrive]]:
    """Every way through the questions: each answer to each question asked (checkbox questions: each single choice
    and one combination), breadth first. Bounded by the questions, so it is quick."""
    arrived, queue = [], deque([{}])
    while queue:
        answers = queue.popleft()
        outcome = router_rules.route(answers)
        if isinstance(outcome, Arrive):
            arrived.append((answers, outcome))
            continue
        question = outcome.question
        values: list[Any] = [option.value for option in question.options]
        if question.multiple:
            values = [[value] for value in values] + [[v for v in values if v != question.exclusive]]
        queue.extend({**answers, question.id: value} for value in values)
    return arrived


def test_every_path_through_the_questions_reaches_a_destination_that_exists():
    paths = _every_path()
    assert len(paths) > 40
    for answers, outcome in paths:
        destination = outcome.destination
        if destination.kind == "report":
            assert destination.target in REPORT_TYPES, answers
        elif destination.kind == "organisation":
            assert destination.target in ORGANISATIONS, answers
        else:
            assert destination.kind in ("guide", "call"), answers
    reached = {outcome.destination.key for _, outcome in paths}
    assert reached == set(router_rules.DESTINATIONS), set(router_rules.DESTINATIONS) - reached


def test_what_is_carried_into_a_report_passes_its_own_checks_and_is_skipped(app):
    """A carried answer must be one the step's page would accept (submission checks every step again), and the
    journey then starts after it."""
    with app.test_request_context():
        for answers, outcome in _every_path():
            if outcome.destination.kind != "report" or not outcome.carry:
                continue
            report_type = REPORT_TYPES[outcome.destination.target]
            carried = relevant_answers(report_type, outcome.carry)
            for step_id, answer in outcome.carry.items():
                step = report_type.step(step_id)
                assert step is not None, (report_type.slug, step_id)
                assert step.validate_answer(answer, carried), (answers, step_id, answer)
            first = first_incomplete(report_type, outcome.carry)
            assert first is not None and first.id not in outcome.carry
