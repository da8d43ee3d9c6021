"""'Where do I report this?': the questions, how the rules are read, and where the answers lead.

The rules themselves are data (router_rules.py): each names the answers it needs and where they lead, in order. The
first rule whose answers all match decides. A rule that needs an answer not given yet decides what to ask next, so
a question is asked only when some rule needs it. Answers come from the page's query string and are only choices,
never free text, so the router keeps nothing and works without JavaScript or cookies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ANY = "*"  # a rule value matching any answer to the question


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    options: tuple[Option, ...]
    hint: str = ""
    multiple: bool = False  # checkboxes: the answer is a list
    exclusive: str = ""  # for checkboxes, the "none of these" option that must be chosen alone
    error: str = "Select an answer"  # shown when the question is left unanswered

    def values(self) -> set[str]:
        return {option.value for option in self.options}


@dataclass(frozen=True)
class Destination:
    """Where a person is sent: one of our report types, another organisation, a guide, or a phone call."""

    key: str
    kind: str  # "report", "organisation", "guide" or "call"
    target: str  # the report type's slug, the organisation's code, the guide ("lost", "found") or "999"/"101"
    reason: str = ""  # why, in one sentence, when it needs saying


@dataclass(frozen=True)
class Rule:
    when: Mapping[str, tuple[str, ...]]
    to: str  # a destination's key
    # Answers carried into the report's draft, step by step; "$question" is replaced by that answer.
    carry: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Ask:
    question: Question


@dataclass(frozen=True)
class Arrive:
    destination: Destination
    carry: dict[str, dict[str, Any]]


def clean(questions: Mapping[str, Question], raw: Mapping[str, list[str]]) -> dict[str, Any]:
    """The answers worth reading: known questions, known values only (a made-up one counts as not answered)."""
    answers: dict[str, Any] = {}
    for question in questions.values():
        values = [value for value in raw.get(question.id, []) if value in question.values()]
        if question.multiple:
            if values and not (question.exclusive in values and len(values) > 1):
                answers[question.id] = sorted(set(values), key=[o.value for o in question.options].index)
        elif len(values) == 1:
            answers[question.id] = values[0]
    return answers


def _matches(wanted: tuple[str, ...], answer: Any) -> bool:
    if ANY in wanted:
        return True
    if isinstance(answer, list):
        return any(value in wanted for value in answer)
    return answer in wanted


def decide(
    questions: Mapping[str, Question],
    rules: tuple[Rule, ...],
    destinations: Mapping[str, Destination],
    answers: Mapping[str, Any],
) -> Ask | Arrive:
    order = list(questions)
    for rule in rules:
        missing = [question for question in rule.when if question not in answers]
        given = [question for question in rule.when if question in answers]
        if not all(_matches(rule.when[question], answers[question]) for question in given):
            continue
        if missing:
            return Ask(questions[min(missing, key=order.index)])
        return Arrive(destinations[rule.to], _carry(rule, answers))
    raise LookupError(f"no rule covers the answers {dict(answers)}")


def _carry(rule: Rule, answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        step: {
            name: answers[value[1:]] if isinstance(value, str) and value.startswith("$") else value
            for name, value in fields.items()
        }
        for step, fields in rule.carry.items()
    }


def asked_before(questions: Mapping[str, Question], answers: Mapping[str, Any], question: Question) -> dict[str, Any]:
    """The answers to keep on the page asking `question`: the ones given to questions before it."""
    order = list(questions)
    return {key: value for key, value in answers.items() if order.index(key) < order.index(question.id)}
