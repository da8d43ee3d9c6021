"""Questions the crime report types share, as step builders: what was taken (items with serial numbers and value),
who did it and who saw it, and a referral to support. One definition each, so a suspect or an item reads the same
in every type, in check your answers, to staff and in the possible-duplicates index (which reads the field names:
`serial_number`, `suspect_name`, `witness_contact`)."""

from __future__ import annotations

from typing import Any

from wtforms import Form
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.domain import referrable_for
from portal.forms.fields import LongTextField, MultiChoiceField, TextField, too_long, yes_no
from portal.forms.validators import Exclusive, Money
from portal.journeys import Answers, RepeatingGroup, Step
from portal.report_types.road_traffic import AddAnotherForm, WitnessForm

NO_REFERRAL = "none"


def question_form(name: str, label: str, summary_label: str, description: str = "") -> type[Form]:
    """A one-question yes/no form (its field `name`), for a question whose wording belongs to one type."""
    field = yes_no(label, description=description or None, summary_label=summary_label)
    return type(f"{name.title().replace('_', '')}Form", (BaseForm,), {name: field})


def text_form(name: str, label: str, description: str, what: str, max_length: int = 3000) -> type[Form]:
    """A one-question free-text form: "What happened?" with the type's own hint."""
    field = LongTextField(
        label,
        required=messages.ENTER.format(what=what.lower()),
        max_length=max_length,
        what=what,
        description=description,
    )
    return type(f"{name.title().replace('_', '')}Form", (BaseForm,), {name: field})


def value_field(label: str = "Value (optional)", what: str = "Value") -> TextField:
    return TextField(
        label,
        [Optional(), Money(what=what)],
        description="An estimate is fine.",
        gov={"prefix": {"text": "£"}, "classes": "govuk-input--width-10", "spellcheck": False},
        summary_label=what,
    )


class ItemForm(BaseForm):
    item = TextField(
        "What is it?",
        [InputRequired(messages.ENTER.format(what="what the item is")), too_long("The item", 200)],
        description="For example, a black phone in a blue case, a gold wedding ring, or a laptop bag.",
        summary_label="Item",
    )
    make = TextField("Make or brand (optional)", [Optional(), too_long("Make or brand", 50)], summary_label="Make")
    model = TextField("Model (optional)", [Optional(), too_long("Model", 50)], summary_label="Model")
    serial_number = TextField(
        "Serial number or other unique number (optional)",
        [Optional(), Length(max=50, message=messages.TOO_LONG.format(what="Serial number", max=50))],
        description="For example, an IMEI, a serial number on the back or the box, or a frame number. It helps us "
        "return it to you and link it to other reports.",
        gov={"spellcheck": False},
        summary_label="Serial number",
    )
    value = value_field()


def describe_item(item: dict[str, Any]) -> str:
    parts = [item.get("item"), f"serial number {item['serial_number']}" if item.get("serial_number") else None]
    return ", ".join(part for part in parts if part)


def items_steps(label: str, title: str, noun: str = "item", always: bool = False) -> tuple[Step, ...]:
    """Items taken or damaged: a yes/no question (`items_any`), then one page per item. With `always` (a theft
    always takes something) the question is not asked."""
    group = RepeatingGroup(
        "items",
        AddAnotherForm,
        title,
        item_form=ItemForm,
        noun=noun,
        describe=describe_item,
        show_if=None if always else (lambda a: a.get("items_any") == "yes"),
    )
    if always:
        return (group,)
    return (Step("items-any", question_form("items_any", label, "Items listed"), title), group)


class PeopleForm(BaseForm):
    suspect_known = yes_no(
        "Do you know anything about who did it?",
        description="For example, a name, what they looked like, or where they can be found.",
        summary_label="Anything known about who did it",
    )
    witnesses = yes_no("Did anyone else see it happen?", summary_label="Any witnesses")


class SuspectForm(BaseForm):
    suspect_name = TextField(
        "Name or nickname (optional)",
        [Optional(), too_long("Name or nickname", 200)],
        gov={"spellcheck": False},
        summary_label="Name",
    )
    suspect_description = LongTextField(
        "Describe them",
        required=messages.ENTER.format(what="a description of them"),
        max_length=1000,
        what="Description",
        description="For example, their age, height, build, clothing, accent, or anything distinctive.",
        summary_label="Description",
    )
    suspect_whereabouts = TextField(
        "Where they live, work or can be found (optional)",
        [Optional(), too_long("Where they might be", 300)],
        summary_label="Where they can be found",
    )


def people_steps() -> tuple[Step, ...]:
    """Suspects (optional, one page each) and witnesses (one page each), after one page asking about both."""
    return (
        Step("people", PeopleForm, "Suspects and witnesses"),
        RepeatingGroup(
            "suspects",
            AddAnotherForm,
            "About who did it",
            item_form=SuspectForm,
            noun="person",
            describe=lambda item: item.get("suspect_name") or "Name not known",
            show_if=lambda a: a.get("suspect_known") == "yes",
        ),
        RepeatingGroup(
            "witness-details",
            AddAnotherForm,
            "Witness details",
            item_form=WitnessForm,
            noun="witness",
            describe=lambda item: item.get("witness_name", ""),
            show_if=lambda a: a.get("witnesses") == "yes",
        ),
    )


def support_form(report_type: str) -> type[Form]:
    """Consent to a referral, with the services this type's victims can be referred to (services/tracking)."""
    services = referrable_for(report_type)
    field = MultiChoiceField(
        "Would you like us to refer you to a support service?",
        choices=[*((s.code, s.name) for s in services), (NO_REFERRAL, "No, thank you")],
        validators=[
            InputRequired("Select a support service, or select 'No, thank you'"),
            Exclusive(NO_REFERRAL, "Select 'No, thank you' on its own, or select the services you would like"),
        ],
        description="If you agree, we will pass your name, contact details and what happened to the service you "
        "choose, and they will contact you. Their help is free and confidential. Select all that you would like.",
        gov={"items": [{"hint": {"text": s.description}} for s in services] + [{"behaviour": "exclusive"}]},
        summary_label="Referral to support",
    )
    return type("SupportReferralForm", (BaseForm,), {"support_referral": field})


def support_step(report_type: str) -> Step:
    return Step("support", support_form(report_type), "Support for you", intro_template="reports/intros/support.html")


def referral_columns(answers: Answers) -> dict[str, Any]:
    """The report's record of the consent, for staff: a flag and the services chosen."""
    chosen = [code for code in answers.get("support_referral") or [] if code != NO_REFERRAL]
    return {"flag_support_referral": bool(chosen), "support_referral_services": chosen or None}
