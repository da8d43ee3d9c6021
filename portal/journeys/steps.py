"""What a report type is made of. A type is data: an ordered tuple of steps, each a small form.

A step's answer is JSON. For an ordinary step it is the form's fields as a dict; a repeating group keeps a list of
items; a custom step (an evidence upload page, say) may keep any JSON, such as a list, by overriding `answer_from`,
`validate_answer` and `rows`, and rendering its own template. The routes never need to know which kind they serve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from wtforms import Form

from portal.journeys import display
from portal.journeys.formdata import answer_fields, form_to_json, json_to_formdata

Condition = Callable[["Answers"], bool]


class Answers:
    """Every answer given so far, keyed by step; `get` reads one field by name whichever step asked it."""

    def __init__(self, raw: Mapping[str, Any], now: datetime | None = None) -> None:
        self.raw = dict(raw)
        self.now = now
        self._fields: dict[str, Any] | None = None  # every field by name, the first step's that has it

    def add(self, step_id: str, answer: Any) -> None:
        """The answer of a step not given before, for conditions checked while the answers grow (steps in order)."""
        self.raw[step_id] = answer
        if self._fields is not None and isinstance(answer, dict):
            for key, value in answer.items():
                self._fields.setdefault(key, value)

    def step(self, step_id: str) -> Any:
        return self.raw.get(step_id)

    def get(self, name: str, default: Any = None) -> Any:
        if self._fields is None:
            self._fields = {}
            for answer in self.raw.values():
                if isinstance(answer, dict):
                    for key, value in answer.items():
                        self._fields.setdefault(key, value)
        return self._fields.get(name, default)

    def items(self, group_id: str) -> list[dict[str, Any]]:
        answer = self.raw.get(group_id)
        return list(answer.get("items", [])) if isinstance(answer, dict) else []


@dataclass(frozen=True)
class Row:
    """One line of check-your-answers and of the stored record."""

    key: str
    value: str
    step_id: str
    item: int | None = None  # 1-based item of a repeating group, for its change link
    raw: Any = None


@dataclass(frozen=True)
class Step:
    id: str
    form: type[Form]
    title: str
    show_if: Condition | None = None
    template: str = "reports/step.html"
    # An answer that ends the journey (an emergency, a report that belongs elsewhere) names the page to show.
    stop_if: Callable[[Any], bool] | None = None
    stop_template: str = ""
    in_summary: bool = True
    # Shown above the fields; for guidance that belongs on the page itself (warnings, routing advice).
    intro_template: str = ""
    button: str = "Continue"

    def applies(self, answers: Answers) -> bool:
        return self.show_if is None or bool(self.show_if(answers))

    def is_complete(self, answer: Any) -> bool:
        return answer is not None

    def stops(self, answer: Any) -> bool:
        return answer is not None and self.stop_if is not None and bool(self.stop_if(answer))

    def make_form(self, answer: Any, answers: Answers, formdata: Any = None, csrf: bool = True) -> Form:
        """The step's form, filled from `formdata` (a POST) or else from the stored answer."""
        if formdata is None:
            formdata = json_to_formdata(self.form, answer if isinstance(answer, dict) else None)
        form = self.form(formdata=formdata, meta={"csrf": csrf})
        form.journey_answers = answers  # type: ignore[attr-defined]  # cross-step rules read earlier answers
        return form

    def answer_from(self, form: Form, previous: Any) -> Any:
        return form_to_json(form)

    def validate_answer(self, answer: Any, answers: Answers) -> bool:
        """Re-check a stored answer exactly as the page checked it (submission re-validates every visible step)."""
        return self.is_complete(answer) and self.make_form(answer, answers, csrf=False).validate()

    def rows(self, answer: Any, answers: Answers) -> list[Row]:
        if not self.in_summary or not isinstance(answer, dict):
            return []
        return self._rows_of(self.make_form(answer, answers, csrf=False), answer)

    def _rows_of(self, form: Form, answer: dict[str, Any]) -> list[Row]:
        return [
            Row(key=display.label(f), value=display.value(f), step_id=self.id, raw=answer.get(f.name))
            for f in answer_fields(form)
            if not getattr(f, "summary_hidden", False)
        ]

    def review(self, answer: Any, answers: Answers) -> tuple[bool, list[Row]]:
        """Re-check a stored answer and give its rows, building the form once (submission does this for every
        step). A custom step that overrides `validate_answer` or `rows` is reviewed through them."""
        own = type(self)
        if own.validate_answer is not Step.validate_answer or own.rows is not Step.rows:
            return self.validate_answer(answer, answers), self.rows(answer, answers)
        if not self.is_complete(answer) or not isinstance(answer, dict):
            return False, []
        form = self.make_form(answer, answers, csrf=False)
        valid = form.validate()
        return valid, self._rows_of(form, answer) if self.in_summary else []


@dataclass(frozen=True)
class Interruption(Step):
    """A page of guidance with a Continue button (a warning the reporter must see). Nothing to check later."""

    in_summary: bool = False

    def answer_from(self, form: Form, previous: Any) -> Any:
        return {"seen": True}

    def make_form(self, answer: Any, answers: Answers, formdata: Any = None, csrf: bool = True) -> Form:
        return self.form(formdata=formdata, meta={"csrf": csrf})


@dataclass(frozen=True)
class RepeatingGroup(Step):
    """ "Add another": a list of items, each filled in on its own page with `item_form`.

    The step's own page lists the items added and asks whether to add another (the `form`, a yes/no question).
    Its answer is {"items": [...], "complete": bool}; it is complete once the reporter says no more.
    """

    item_form: type[Form] = Form
    noun: str = "item"
    min_items: int = 1
    max_items: int = 10
    describe: Callable[[dict[str, Any]], str] = field(default=lambda item: "")
    template: str = "reports/group.html"
    item_template: str = "reports/group_item.html"

    def is_complete(self, answer: Any) -> bool:
        return isinstance(answer, dict) and bool(answer.get("complete")) and len(answer["items"]) >= self.min_items

    def make_item_form(self, item: dict[str, Any] | None, answers: Answers, formdata: Any = None) -> Form:
        if formdata is None:
            formdata = json_to_formdata(self.item_form, item)
        form = self.item_form(formdata=formdata)
        form.journey_answers = answers  # type: ignore[attr-defined]
        return form

    def validate_answer(self, answer: Any, answers: Answers) -> bool:
        return self.review(answer, answers)[0]

    def rows(self, answer: Any, answers: Answers) -> list[Row]:
        return self.review(answer, answers)[1]

    def review(self, answer: Any, answers: Answers) -> tuple[bool, list[Row]]:
        """Check every item and give its rows, building each item's form once."""
        if not isinstance(answer, dict):
            return False, []
        items = list(answer.get("items", []))
        valid = self.is_complete(answer) and len(items) <= self.max_items
        rows = []
        for number, item in enumerate(items, start=1):
            form = self.item_form(formdata=json_to_formdata(self.item_form, item), meta={"csrf": False})
            form.journey_answers = answers  # type: ignore[attr-defined]
            valid = form.validate() and valid
            lines = [f"{display.label(f)}: {display.value(f)}" for f in answer_fields(form) if item.get(f.name)]
            rows.append(
                Row(
                    key=f"{self.noun.capitalize()} {number}",
                    value="\n".join(lines),
                    step_id=self.id,
                    item=number,
                    raw=item,
                )
            )
        if not rows:
            rows.append(Row(key=self.title, value="None", step_id=self.id, raw=[]))
        return valid, rows


@dataclass(frozen=True)
class RepeatReports:
    """A rule about a reporter's own earlier reports of the same type: when this report makes `reports` of them
    within `window`, the report's `flag` column is set (the ASB Case Review: three reports in six months)."""

    flag: str
    reports: int
    window: timedelta


@dataclass(frozen=True)
class ReportType:
    """One kind of report. `derive` turns the answers into the report's own columns and triage flags."""

    slug: str
    name: str  # as in a sentence: "a road traffic incident"
    title: str  # the journey's heading: "Report a road traffic incident"
    summary: str  # one line for the /report page
    steps: tuple[Step, ...]
    derive: Callable[[Answers], dict[str, Any]] = field(default=lambda answers: {})
    # What happens next for this type, on the confirmation page (a template) and in the confirmation email (text).
    confirmation_template: str = ""
    email_next_steps: str = ""
    # The reference the reporter is given at once is the crime reference (the one reference a report has): the
    # confirmation and email call it that, for an insurer or a bank.
    crime_reference: bool = False
    # Steps whose answers are the type's own fields in the staff CSV export (its "Details" column).
    export_steps: tuple[str, ...] = ()
    # The confirmation lists the front counters nearest the report's ward (found property is taken to one).
    shows_front_counters: bool = False
    # Whether the answers make this report sensitive (an abuser may be watching): its tracking pages then offer
    # "Exit this page".
    sensitive: Callable[[Answers], bool] = field(default=lambda answers: False)
    # A rule about this reporter's earlier reports of the type, checked at submission (by email address).
    repeat_reports: RepeatReports | None = None

    def __post_init__(self) -> None:
        ids = [step.id for step in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.slug}: step ids must be unique")

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)
