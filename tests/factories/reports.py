"""Reports and drafts for tests: make_report(...) straight into the database, and valid answers for each report
type, page by page, to walk a journey through the Flask client."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.core import clock
from portal.db import session
from portal.models import CaseEvent, Report, Ward
from portal.services.reporting import references
from tests.factories.wards import make_borough, make_ward
from tests.pages import Page, submit

_counter = itertools.count(1)


def make_report(
    report_type: str = "anti-social-behaviour",
    status: str = "received",
    ward: Ward | None = None,
    reporter_email: str | None = "reporter@example.com",
    submitted_at: Any = None,
    **columns: Any,
) -> Report:
    """A submitted report with its first 'received' event, as submission would have written it."""
    report = Report(
        reference=references.new_reference(),
        report_type=report_type,
        status=status,
        submitted_at=submitted_at or clock.now(),
        ward_id=ward.id if ward else None,
        reporter_name=columns.pop("reporter_name", f"Reporter {next(_counter)}"),
        reporter_email=reporter_email,
        unsafe_channels=[],
        answers={"type": report_type, "answers": {}, "sections": []},
        **columns,
    )
    session.add(report)
    session.flush()
    session.add(CaseEvent(report_id=report.id, kind="received", status_after="received", public=True))
    session.commit()
    return report


def date_parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


YESTERDAY = date.today() - timedelta(days=1)
TODAY = date.today()

# Every type asks whether anyone thinks it was hate crime (portal/report_types/hate_crime.py).
HATE_NO = ("hate-crime", {"hate_crime": "no"})
CONTACT = [
    ("your-details", {"name": "Sam O'Brien", "email": "sam@example.com", "phone": "07911 123456"}),
    ("contact-preferences", {"preferred": "email", "times": "After 6pm", "unsafe": ["none"]}),
]


def road_traffic_pages(ward_code: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("emergency", {"emergency": "no"}),
        ("involvement", {"involvement": "driver"}),
        ("when", {"date": date_parts(TODAY), "time": "00:01"}),
        ("where", {"ward": ward_code}),
        ("place", {"place": "Junction of Oxford Street and Regent Street", "postcode": "w1b 2ql"}),
        ("what-happened", {"what_happened": "A van reversed into my car at the lights."}),
        ("vehicles/1", {"registration": "AB12 CDE", "whose": "other", "make": "Ford", "colour": "White"}),
        ("vehicles", {"add_another": "no"}),
        ("injuries", {"injuries": "no"}),
        ("damage", {"damage": "Dented front bumper"}),
        ("witnesses", {"witnesses": "no"}),
        HATE_NO,
        ("evidence", {"evidence": ["dash-cam"]}),
        *CONTACT,
        ("statement", {"confirm": "y"}),
    ]


def fraud_pages(ward_code: str, amount: str | None = "250.00") -> list[tuple[str, dict[str, Any]]]:
    money = (
        [
            ("money-lost", {"money_lost": "yes"}),
            ("payment", {"payment_method": "bank-transfer", "amount": amount, "paid_on": date_parts(YESTERDAY)}),
        ]
        if amount
        else [("money-lost", {"money_lost": "no"})]
    )
    return [
        ("emergency", {"emergency": "no"}),
        ("report-to-police", {"reasons": ["suspect-local"]}),
        ("contact-method", {"contacted_by": "phone"}),
        ("what-happened", {"what_happened": "A caller said he was from my bank and asked me to move money."}),
        ("when", {"date": date_parts(YESTERDAY)}),
        ("suspect", {"suspect_details": "yes"}),
        ("suspect-details/1", {"identifier_type": "phone", "identifier": "020 7946 0000"}),
        ("suspect-details", {"add_another": "no"}),
        *money,
        HATE_NO,
        ("where", {"ward": ward_code}),
        ("place", {"place": "My home"}),
        *CONTACT,
    ]


def asb_pages(ward_code: str, anonymous: bool = False, email: str = "sam@example.com") -> list[tuple[str, dict]]:
    contact = (
        [("anonymous", {"give_details": "no"})]
        if anonymous
        else [
            ("anonymous", {"give_details": "yes"}),
            ("your-details", {"name": "Sam O'Brien", "email": email}),
            ("contact-preferences", {"preferred": "email", "unsafe": ["none"]}),
        ]
    )
    return [
        ("emergency", {"emergency": "no"}),
        ("kind", {"asb_type": "nuisance"}),
        ("behaviour", {"behaviour": ["noise", "drinking"], "description": "Groups drinking and shouting at night."}),
        ("where", {"ward": ward_code}),
        ("place", {"place": "The bench outside the library"}),
        ("when", {"date": date_parts(YESTERDAY), "time": "11pm"}),
        ("ongoing", {"ongoing": "yes", "frequency": "weekly"}),
        ("affected", {"affected": ["me", "neighbours"]}),
        ("people", {"people": "Four men in their twenties"}),
        ("vehicles-involved", {"vehicles_involved": "no"}),
        HATE_NO,
        *contact,
    ]


def walk(client: FlaskClient, slug: str, pages: list[tuple[str, dict[str, Any]]]) -> Page:
    """Answer each page in turn as a browser would; fail on the first page that shows an error."""
    result = None
    for path, data in pages:
        result = submit(client, f"/report/{slug}/{path}", data)
        assert not result.error_messages(), (path, result.error_messages())
    assert result is not None
    return result


def send(client: FlaskClient, slug: str) -> Page:
    return submit(client, f"/report/{slug}/check-answers", {})


@pytest.fixture(name="ward")
def ward_fixture(app):
    # Not left open: requests made inside an open application context would share its `g` (and CSRF token).
    with app.app_context():
        return make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))


@pytest.fixture(name="db")
def db_fixture(app):
    """Run a query in its own application context, outside any request."""

    def run(query):
        with app.app_context():
            result = query()
            session.expunge_all()  # keep what was loaded readable after the context ends
            return result

    return run
