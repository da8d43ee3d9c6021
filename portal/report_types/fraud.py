"""Fraud. Most fraud is reported to Report Fraud, the national service; this journey first routes the reporter,
and takes the report here only when local police should act (suspect known and local, a vulnerable victim, or
money or evidence that can be recovered quickly). No money lost: recorded as an information report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import current_app
from wtforms.validators import InputRequired

from portal.forms import messages
from portal.forms.base import BaseForm
from portal.forms.fields import GovDateField, LongTextField, MultiChoiceField, TextField, radio, too_long, yes_no
from portal.forms.validators import MONEY_MAXIMUM_POUNDS, Exclusive, Money, combine
from portal.journeys import Answers, RepeatingGroup, ReportType, Step
from portal.report_types.common import EmergencyForm, contact_steps, emergency_step, where_steps
from portal.report_types.evidence_step import evidence_step
from portal.report_types.hate_crime import hate_crime_steps
from portal.report_types.road_traffic import AddAnotherForm

REPORT_FRAUD_PHONE = "0300 123 2040"
DEFAULT_HIGH_VALUE_POUNDS = 5000


class FraudEmergencyForm(EmergencyForm):
    emergency = yes_no(
        "Is the fraud happening now, or is the suspect with you?",
        messages.EMERGENCY,
        description="For example, someone is at your door or on the phone asking for money now, or a courier is "
        "coming to collect cash or cards.",
        summary_label="Emergency",
    )


class RoutingForm(BaseForm):
    reasons = MultiChoiceField(
        "Do any of these apply?",
        choices=[
            ("suspect-local", "I know who the suspect is and they live or work locally"),
            ("vulnerable", "The victim is vulnerable, for example elderly, ill or being exploited"),
            ("recoverable", "Money or evidence could be recovered quickly, for example a payment made today"),
            ("none", "None of these"),
        ],
        validators=[InputRequired("Select the reasons that apply, or select 'None of these'"), Exclusive()],
        summary_label="Reasons to report to police",
    )


class ContactMethodForm(BaseForm):
    contacted_by = radio(
        "How did the suspect contact you?",
        [
            ("phone", "Phone call"),
            ("text", "Text or messaging app"),
            ("email", "Email"),
            ("website", "A website or online advert"),
            ("social", "Social media"),
            ("in-person", "In person, or at the door"),
            ("post", "Letter"),
            ("other", "Another way"),
        ],
        messages.SELECT_ONE.format(what="how the suspect contacted you"),
        summary_label="Contacted by",
    )


class FraudWhatForm(BaseForm):
    what_happened = LongTextField(
        "What happened?",
        required=messages.ENTER.format(what="what happened"),
        max_length=3000,
        what="What happened",
        description="Tell us what the suspect said or did, what you did, and what made you suspicious.",
    )


class FraudWhenForm(BaseForm):
    date = GovDateField(
        "When did it start?",
        what="The date it started",
        required=messages.ENTER.format(what="the date it started"),
        description="For example, 27 3 2026. An approximate date is fine.",
        summary_label="Date it started",
    )


class SuspectKnownForm(BaseForm):
    suspect_details = yes_no(
        "Do you have any details of the suspect?",
        description="For example, a name, phone number, email address, website, social media profile or bank account.",
        summary_label="Suspect details given",
    )


IDENTIFIER_TYPES = [
    ("name", "Name"),
    ("phone", "Phone number"),
    ("email", "Email address"),
    ("website", "Website"),
    ("social", "Social media profile"),
    ("bank-account", "Bank account (sort code and account number)"),
]


class SuspectIdentifierForm(BaseForm):
    identifier_type = radio(
        "What kind of detail is it?",
        IDENTIFIER_TYPES,
        messages.SELECT_ONE.format(what="the kind of detail"),
        summary_label="Kind",
    )
    identifier = TextField(
        "The detail, exactly as you saw it",
        [InputRequired(messages.ENTER.format(what="the detail")), too_long("The detail", 300)],
        gov={"spellcheck": False},
        summary_label="Detail",
    )


def describe_identifier(item: dict[str, Any]) -> str:
    return f"{dict(IDENTIFIER_TYPES).get(item.get('identifier_type', ''), '')}: {item.get('identifier', '')}"


class MoneyLostForm(BaseForm):
    money_lost = yes_no("Did you lose any money?", summary_label="Money lost")


class PaymentForm(BaseForm):
    payment_method = radio(
        "How did you pay?",
        [
            ("bank-transfer", "Bank transfer"),
            ("card", "Debit or credit card"),
            ("cash", "Cash"),
            ("gift-cards", "Gift or voucher cards"),
            ("crypto", "Cryptocurrency"),
            ("other", "Another way"),
        ],
        messages.SELECT_ONE.format(what="how you paid"),
        summary_label="Payment method",
    )
    amount = TextField(
        "How much did you lose?",
        [InputRequired(messages.ENTER.format(what="how much you lost")), Money()],
        description=f"In pounds, like 150 or 150.50. The most you can enter is £{MONEY_MAXIMUM_POUNDS:,}.",
        gov={"prefix": {"text": "£"}, "classes": "govuk-input--width-10", "spellcheck": False},
        summary_label="Amount lost",
    )
    paid_on = GovDateField(
        "When did you last pay?",
        what="The date you last paid",
        required=messages.ENTER.format(what="the date you last paid"),
        summary_label="Date of last payment",
    )


def amount_pence(answers: Answers) -> int | None:
    if answers.get("money_lost") != "yes" or not answers.get("amount"):
        return None
    return int(Decimal(answers.get("amount")) * 100)


def derive(answers: Answers) -> dict[str, Any]:
    pence = amount_pence(answers)
    threshold = current_app.config.get("FRAUD_HIGH_VALUE_POUNDS", DEFAULT_HIGH_VALUE_POUNDS)
    return {
        "occurred_at": combine(answers.get("date"), None),
        "amount_lost_pence": pence,
        "category": "crime" if pence else "information",
        "flag_high_value_fraud": pence is not None and pence >= threshold * 100,
    }


FRAUD = ReportType(
    slug="fraud",
    name="fraud",
    title="Report fraud",
    summary="Fraud where the suspect is known and local, the victim is vulnerable, or money can be recovered quickly. "
    "Other fraud goes to Report Fraud.",
    steps=(
        emergency_step(FraudEmergencyForm),
        Step(
            "report-to-police",
            RoutingForm,
            "Who to report fraud to",
            intro_template="reports/intros/fraud-routing.html",
            stop_if=lambda answer: "none" in (answer.get("reasons") or []),
            stop_template="reports/stops/report-fraud.html",
        ),
        Step("contact-method", ContactMethodForm, "How did the suspect contact you?"),
        Step("what-happened", FraudWhatForm, "What happened?"),
        Step("when", FraudWhenForm, "When did it start?"),
        Step("suspect", SuspectKnownForm, "The suspect"),
        RepeatingGroup(
            "suspect-details",
            AddAnotherForm,
            "Details of the suspect",
            item_form=SuspectIdentifierForm,
            noun="detail",
            describe=describe_identifier,
            show_if=lambda a: a.get("suspect_details") == "yes",
        ),
        Step(
            "money-lost",
            MoneyLostForm,
            "Did you lose any money?",
            intro_template="reports/intros/information-report.html",
        ),
        Step("payment", PaymentForm, "Payment", show_if=lambda a: a.get("money_lost") == "yes"),
        *hate_crime_steps(),
        evidence_step(
            "For example, screenshots of messages, emails or adverts, bank statements or receipts, or a written "
            "statement."
        ),
        *where_steps("Where do you live, or where did it happen?"),
        *contact_steps(),
    ),
    derive=derive,
)
