"""Anti-social behaviour. The reporter may stay anonymous (then no updates are possible). A reporter who has made
three ASB reports in six months is told about the ASB Case Review, and the report is flagged for officers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from wtforms.validators import InputRequired, Optional

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import GovDateField, LongTextField, MultiChoiceField, TextField, radio, too_long, yes_no
from portal.forms.validators import Time, combine
from portal.journeys import Answers, RepeatingGroup, RepeatReports, ReportType, Step
from portal.report_types.common import contact_steps, emergency_step, where_steps
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import AddAnotherForm

ASB_TYPES = [
    ("personal", "Aimed at me or someone I know"),
    ("nuisance", "A nuisance to the local community"),
    ("environmental", "Damage to the local area"),
]
ASB_HINTS = [
    "For example, threats, harassment or intimidation of you or your family.",
    "For example, loud parties, rowdy groups, street drinking or nuisance vehicles.",
    "For example, graffiti, fly-tipping, litter or abandoned vehicles.",
]


class AsbTypeForm(BaseForm):
    asb_type = radio(
        "What kind of anti-social behaviour is it?",
        ASB_TYPES,
        messages.SELECT_ONE.format(what="the kind of anti-social behaviour"),
        gov={"items": [{"hint": {"text": hint}} for hint in ASB_HINTS]},
        summary_label="Kind",
    )


class BehaviourForm(BaseForm):
    behaviour = MultiChoiceField(
        "What is happening?",
        choices=[
            ("noise", "Noise"),
            ("vehicles", "Vehicle nuisance, such as revving, racing or dangerous parking"),
            ("drugs", "Drug dealing or drug use"),
            ("drinking", "Street drinking"),
            ("intimidation", "Intimidating or threatening behaviour"),
            ("begging", "Begging"),
            ("graffiti", "Graffiti or vandalism"),
            ("fly-tipping", "Fly-tipping or litter"),
            ("other", "Something else"),
        ],
        validators=[InputRequired(messages.SELECT_ONE.format(what="what is happening"))],
        description="Select all that apply.",
        summary_label="Behaviour",
    )
    description = LongTextField(
        "Describe what is happening",
        required=messages.ENTER.format(what="what is happening"),
        max_length=2000,
        what="Description",
    )


class AsbWhenForm(BaseForm):
    date = GovDateField(
        "When did it last happen?",
        what="The date it last happened",
        required=messages.ENTER.format(what="the date it last happened"),
        description="For example, 27 3 2026",
        summary_label="Last happened",
    )
    time = TextField(
        "Time (optional)",
        [Optional(), Time()],
        description="For example, 23:00 or 11pm.",
        gov={"classes": "govuk-input--width-10"},
        summary_label="Time",
    )


class OngoingForm(BaseForm):
    ongoing = yes_no("Is it still going on?", description="Is it likely to happen again?", summary_label="Ongoing")
    frequency = radio(
        "How often does it happen?",
        [
            ("once", "It happened once"),
            ("sometimes", "A few times"),
            ("weekly", "Most weeks"),
            ("daily", "Every day or most days"),
        ],
        messages.SELECT_ONE.format(what="how often it happens"),
        summary_label="How often",
    )


class AffectedForm(BaseForm):
    affected = MultiChoiceField(
        "Who is affected?",
        choices=[
            ("me", "Me"),
            ("household", "People I live with"),
            ("neighbours", "Neighbours"),
            ("community", "The wider community or local businesses"),
            ("vulnerable", "Someone vulnerable, such as an elderly or disabled person or a child"),
        ],
        validators=[InputRequired(messages.SELECT_ONE.format(what="who is affected"))],
        description="Select all that apply.",
        summary_label="Who is affected",
    )


class PeopleForm(BaseForm):
    people = LongTextField(
        "Describe the people involved (optional)",
        max_length=2000,
        description="For example, how many, their ages, what they wore, names or nicknames if you know them.",
        summary_label="People involved",
    )


class VehiclesAnyForm(BaseForm):
    vehicles_involved = yes_no("Were any vehicles involved?", summary_label="Vehicles involved")


class AsbVehicleForm(BaseForm):
    registration = TextField(
        "Registration number (if known)",
        [Optional(), too_long("Registration number", 10)],
        gov={"classes": "govuk-input--width-10 govuk-input--extra-letter-spacing", "spellcheck": False},
        summary_label="Registration",
    )
    vehicle_description = TextField(
        "Describe the vehicle",
        [
            InputRequired(messages.ENTER.format(what="a description of the vehicle")),
            too_long("Description of the vehicle", 200),
        ],
        description="For example, a black Ford Focus, or a red moped.",
        summary_label="Description",
    )


class AnonymousForm(BaseForm):
    give_details = radio(
        "Do you want to give your contact details?",
        [("yes", "Yes, I will give my contact details"), ("no", "No, I want to stay anonymous")],
        messages.SELECT_ONE.format(what="whether you want to give your contact details"),
        description="If you stay anonymous we cannot give you updates, ask you more questions or tell you about "
        "the ASB Case Review.",
        summary_label="Contact details given",
    )


def named(answers: Answers) -> bool:
    return answers.get("give_details") == "yes"


def derive(answers: Answers) -> dict[str, Any]:
    return {
        "occurred_at": combine(answers.get("date"), answers.get("time")),
        "flag_ongoing": answers.get("ongoing") == "yes",
        "anonymous": not named(answers),
    }


ANTI_SOCIAL_BEHAVIOUR = ReportType(
    slug="anti-social-behaviour",
    name="anti-social behaviour",
    title="Report anti-social behaviour",
    summary="Noise, intimidation, drug dealing, street drinking, nuisance vehicles, graffiti or fly-tipping.",
    steps=(
        emergency_step(),
        Step("kind", AsbTypeForm, "What kind of anti-social behaviour is it?"),
        Step("behaviour", BehaviourForm, "What is happening?"),
        *where_steps(),
        Step("when", AsbWhenForm, "When did it last happen?"),
        Step("ongoing", OngoingForm, "Is it still going on?"),
        Step("affected", AffectedForm, "Who is affected?"),
        Step("people", PeopleForm, "The people involved"),
        Step("vehicles-involved", VehiclesAnyForm, "Vehicles"),
        RepeatingGroup(
            "vehicles",
            AddAnotherForm,
            "Vehicles involved",
            item_form=AsbVehicleForm,
            noun="vehicle",
            describe=lambda item: item.get("vehicle_description", ""),
            show_if=lambda a: a.get("vehicles_involved") == "yes",
        ),
        *hate_crime_steps(),
        evidence_step("For example, photos, video, or recordings of the noise."),
        Step("anonymous", AnonymousForm, "Your contact details"),
        *contact_steps(show_if=named),
    ),
    derive=derive,
    # Behaviour aimed at the reporter: the person responsible may be close to them.
    sensitive=lambda answers: answers.get("asb_type") == "personal",
    # The ASB Case Review ("community trigger"): a resident's third report in six months may ask for a review.
    repeat_reports=RepeatReports(flag="flag_asb_case_review", reports=3, window=timedelta(days=183)),
)
