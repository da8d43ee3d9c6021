"""The report engine, on a small made-up report type: visible steps, skip rules, next and previous, no jumping
ahead, repeating groups, check-your-answers rows, the stored record, and a custom step with a list answer."""

from __future__ import annotations

from typing import Any

import pytest
from wtforms import Form

from portal.forms.base import BaseForm
from portal.forms.fields import LongTextField, MultiChoiceField, TextField, yes_no
from portal.journeys import Answers, RepeatingGroup, ReportType, Row, Step
from portal.journeys.navigation import (
    can_visit,
    first_incomplete,
    invalid_steps,
    next_step,
    previous_step,
    stored_record,
    summary,
    visible_steps,
)


class InjuredForm(BaseForm):
    injured = yes_no("Was anyone hurt?", summary_label="Anyone hurt")


class HowForm(BaseForm):
    how = LongTextField("How were they hurt?", required="Enter how they were hurt", max_length=20)


class ColourForm(BaseForm):
    colours = MultiChoiceField("Colours", choices=[("red", "Red"), ("blue", "Blue")], validators=[])


class ItemForm(BaseForm):
    name = TextField("Name")


class AddAnother(BaseForm):
    add_another = yes_no("Add another?")


class FilesStep(Step):
    """A custom step: its own template, and an answer that is a list (as an evidence upload step would keep)."""

    def answer_from(self, form: Form, previous: Any) -> Any:
        return [*(previous or []), "file-1"]

    def validate_answer(self, answer: Any, answers: Answers) -> bool:
        return isinstance(answer, list)

    def rows(self, answer: Any, answers: Answers) -> list[Row]:
        return [Row(key="Files", value="\n".join(answer or []) or "None", step_id=self.id)]


TEST_TYPE = ReportType(
    slug="test",
    name="a test",
    title="Report a test",
    summary="",
    steps=(
        Step("injured", InjuredForm, "Injuries"),
        Step("how", HowForm, "How", show_if=lambda a: a.get("injured") == "yes"),
        Step("colours", ColourForm, "Colours"),
        RepeatingGroup("people", AddAnother, "People", item_form=ItemForm, noun="person", min_items=1),
        FilesStep("files", BaseForm, "Files", template="custom/files.html"),
    ),
)
STEP = {step.id: step for step in TEST_TYPE.steps}


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def ids(steps):
    return [step.id for step in steps]


def test_skip_conditions_decide_the_visible_steps():
    assert ids(visible_steps(TEST_TYPE, {})) == ["injured", "colours", "people", "files"]
    assert ids(visible_steps(TEST_TYPE, {"injured": {"injured": "yes"}})) == [
        "injured",
        "how",
        "colours",
        "people",
        "files",
    ]


def test_next_and_previous_follow_the_visible_steps():
    raw = {"injured": {"injured": "no"}}
    assert next_step(TEST_TYPE, raw, STEP["injured"]).id == "colours"
    assert previous_step(TEST_TYPE, raw, STEP["colours"]).id == "injured"
    raw = {"injured": {"injured": "yes"}}
    assert next_step(TEST_TYPE, raw, STEP["injured"]).id == "how"
    assert previous_step(TEST_TYPE, raw, STEP["injured"]) is None
    assert next_step(TEST_TYPE, raw, STEP["files"]) is None


def test_no_jumping_ahead_of_the_first_unanswered_step():
    raw = {"injured": {"injured": "yes"}}
    assert first_incomplete(TEST_TYPE, raw).id == "how"
    assert can_visit(TEST_TYPE, raw, STEP["how"])
    assert not can_visit(TEST_TYPE, raw, STEP["colours"])
    assert not can_visit(TEST_TYPE, {"injured": {"injured": "no"}}, STEP["how"])  # no longer applies


def test_an_answer_left_on_a_skipped_step_is_ignored_and_left_out_of_the_record():
    raw = {
        "injured": {"injured": "no"},
        "how": {"how": "Broken arm"},
        "colours": {"colours": ["red"]},
        "people": {"items": [{"name": "Ann"}], "complete": True},
        "files": [],
    }
    assert first_incomplete(TEST_TYPE, raw) is None
    record = stored_record(TEST_TYPE, raw)
    assert "how" not in record["answers"]
    assert "Broken arm" not in str(record)
    assert [section["step"] for section in record["sections"]] == ["injured", "colours", "people", "files"]


def test_a_repeating_group_is_complete_only_when_the_reporter_says_no_more():
    group = STEP["people"]
    assert not group.is_complete(None)
    assert not group.is_complete({"items": [{"name": "Ann"}], "complete": False})
    assert not group.is_complete({"items": [], "complete": True})  # at least one person
    assert group.is_complete({"items": [{"name": "Ann"}, {"name": "Bo"}], "complete": True})


def test_check_answers_rows_read_like_the_questions_with_choice_labels():
    raw = {
        "injured": {"injured": "yes"},
        "how": {"how": "<b>cut</b>"},
        "colours": {"colours": ["red", "blue"]},
        "people": {"items": [{"name": "Ann"}, {"name": "Bo"}], "complete": True},
        "files": ["a.jpg"],
    }
    rows = {step.id: step_rows for step, step_rows in summary(TEST_TYPE, raw)}
    assert [(row.key, row.value) for row in rows["injured"]] == [("Anyone hurt", "Yes")]
    assert rows["how"][0].value == "<b>cut</b>"  # verbatim: templates escape it
    assert rows["colours"][0].value == "Red\nBlue"
    assert [(row.key, row.value, row.item) for row in rows["people"]] == [
        ("Person 1", "Name: Ann", 1),
        ("Person 2", "Name: Bo", 2),
    ]
    assert rows["files"][0].value == "a.jpg"


def test_submission_revalidates_every_visible_step():
    raw = {
        "injured": {"injured": "yes"},
        "how": {"how": "x" * 21},  # over the 20-character limit: tampered or rules changed
        "colours": {"colours": []},
        "people": {"items": [{"name": "Ann"}], "complete": True},
        "files": "not a list",
    }
    assert ids(invalid_steps(TEST_TYPE, raw)) == ["how", "files"]
    raw["injured"] = {"injured": "maybe"}
    assert "injured" in ids(invalid_steps(TEST_TYPE, raw))


def test_a_custom_step_keeps_a_list_and_renders_its_own_template():
    step = STEP["files"]
    assert step.template == "custom/files.html"
    assert step.answer_from(BaseForm(meta={"csrf": False}), ["file-0"]) == ["file-0", "file-1"]


def test_step_ids_are_unique_within_a_type():
    with pytest.raises(ValueError):
        ReportType(slug="x", name="x", title="x", summary="", steps=(STEP["injured"], STEP["injured"]))


def test_every_real_type_starts_with_emergency_screening():
    from portal.report_types import REPORT_TYPES

    assert set(REPORT_TYPES) == {
        "theft",
        "burglary",
        "criminal-damage",
        "vehicle-crime",
        "bicycle-theft",
        "road-traffic-incident",
        "fraud",
        "anti-social-behaviour",
        "give-information",
        "found-property",
    }
    for report_type in REPORT_TYPES.values():
        first = report_type.steps[0]
        assert first.id == "emergency"
        assert first.stops({"emergency": "yes"}) and not first.stops({"emergency": "no"})


def test_road_traffic_warns_only_when_over_24_hours_ago():
    from datetime import timedelta

    from portal.forms.validators import local_now
    from portal.report_types.road_traffic import is_late

    now = local_now()
    recent = now - timedelta(hours=23)
    old = now - timedelta(hours=25)
    assert not is_late(Answers({"when": {"date": recent.date().isoformat(), "time": f"{recent:%H:%M}"}}, now=now))
    assert is_late(Answers({"when": {"date": old.date().isoformat(), "time": f"{old:%H:%M}"}}, now=now))
    # Without a time, the end of the day is assumed: yesterday is never wrongly warned about.
    assert not is_late(Answers({"when": {"date": (now - timedelta(days=1)).date().isoformat()}}, now=now))
    assert is_late(Answers({"when": {"date": (now - timedelta(days=2)).date().isoformat()}}, now=now))
