"""Answers no form expected: amounts too large for any column, other scripts' digits, NUL and bidirectional
overrides, and numbers in URLs and filters that no database can look up. Each gets a GOV.UK message or a 404, never
a 500 (security check 28), and what is kept is what an officer can read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.models import Report
from portal.services.staff import auth, totp
from tests.factories.reports import (  # noqa: F401  (fixtures)
    date_parts,
    db_fixture,
    fraud_pages,
    make_report,
    send,
    walk,
    ward_fixture,
)
from tests.factories.staff import login_as, make_staff
from tests.pages import page, submit

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def answer_until(client, pages, step_id):
    """Answer the pages before `step_id`; return the URL of that step."""
    for path, data in pages:
        if path == step_id:
            return f"/report/fraud/{path}"
        result = submit(client, f"/report/fraud/{path}", data)
        assert not result.error_messages(), (path, result.error_messages())
    raise AssertionError(step_id)


def payment(amount: str, paid_on: list[str] | None = None) -> dict:
    return {"payment_method": "card", "amount": amount, "paid_on": paid_on or date_parts(date.today())}


def test_a_loss_too_large_for_any_column_gets_a_message_on_the_amount_page_not_a_500(client, ward, db):
    url = answer_until(client, fraud_pages(ward.code), "payment")
    assert "The most you can enter is £1,000,000,000" in page(client, url).text
    result = submit(client, url, payment("£99,999,999,999,999,999,999"))
    assert result.error_messages() == ["Amount lost must be £1,000,000,000 or less"]
    result = submit(client, url, payment("9" * 5000))
    assert result.error_messages() == ["Enter the amount in pounds, like 150 or 150.50"]


def test_the_largest_amount_allowed_is_sent_and_kept_in_pence(client, ward, db):
    walk(client, "fraud", fraud_pages(ward.code, amount="£1,000,000,000"))
    send(client, "fraud")
    report = db(lambda: session.scalars(select(Report)).one())
    assert report.amount_lost_pence == 100_000_000_000 and report.flag_high_value_fraud


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_other_scripts_digits_are_refused_alike_for_day_month_year_time_and_amount(client, ward, digits):
    url = answer_until(client, fraud_pages(ward.code), "payment")
    result = submit(client, url, payment("150".translate(digits)))
    assert result.error_messages() == ["Enter the amount in pounds, like 150 or 150.50"]
    yesterday = date.today() - timedelta(days=1)
    for part in range(3):
        parts = date_parts(yesterday)
        parts[part] = parts[part].translate(digits)
        result = submit(client, url, payment("150", parts))
        assert result.error_messages() == ["The date you last paid must be a real date"], part
    result = submit(client, url, payment("150", ["1", "1", "999"]))
    assert result.error_messages() == ["The date you last paid must be a real date"]
    result = submit(client, url, payment("150", ["1", "1", "1850"]))
    assert result.error_messages() == ["The date you last paid must be in 1900 or later"]
    submit(client, "/report/road-traffic-incident/emergency", {"emergency": "no"})
    submit(client, "/report/road-traffic-incident/involvement", {"involvement": "driver"})
    when = {"date": date_parts(yesterday), "time": "14:30".translate(digits)}
    rt = submit(client, "/report/road-traffic-incident/when", when)
    assert rt.error_messages() == ["Enter the time in the format 14:30 or 2:30pm"]


def test_nul_and_direction_overrides_are_taken_out_of_a_name_and_the_report_is_sent(client, ward, db):
    pages = [
        (path, {**data, "name": "Sam\x00 O'Br\u202eien\u2066"} if path == "your-details" else data)
        for path, data in fraud_pages(ward.code)
    ]
    walk(client, "fraud", pages)
    send(client, "fraud")
    report = db(lambda: session.scalars(select(Report)).one())
    assert report.reporter_name == "Sam O'Brien"


def test_a_length_limit_speaks_in_our_voice(client, ward):
    for path, data in [("emergency", {"emergency": "no"}), ("involvement", {"involvement": "driver"})]:
        submit(client, f"/report/road-traffic-incident/{path}", data)
    submit(client, "/report/road-traffic-incident/when", {"date": date_parts(date.today()), "time": "00:01"})
    submit(client, "/report/road-traffic-incident/where", {"ward": ward.code})
    submit(client, "/report/road-traffic-incident/place", {"place": "The lights"})
    submit(client, "/report/road-traffic-incident/what-happened", {"what_happened": "A van hit my car."})
    result = submit(client, "/report/road-traffic-incident/vehicles/1", {"whose": "other", "colour": "x" * 31})
    assert result.error_messages() == ["Vehicle colour must be 30 characters or fewer"]


@pytest.fixture
def officer(app, client, ward):
    with app.app_context():
        staff = make_staff("admin", wards=[ward])
        report = make_report(ward=ward)
        login_as(client, staff)
        return {"report": report.id}


@pytest.mark.parametrize("number", ["²", "٣", "３", "99999999999999999999", "-1", "1e3"])
def test_numbers_in_urls_and_filters_that_cannot_be_ids_are_not_found_or_ignored(client, officer, number):
    assert client.get(f"/staff/reports/{number}").status_code == 404
    assert client.get(f"/report/fraud/suspect-details/{number}").status_code in (302, 404)
    page(client, f"/staff/queue?ward={number}", title="Reports to triage")
    page(client, f"/staff/queue?after=0_2026-01-01T00:00:00_{number}", title="Reports to triage")
    page(client, f"/staff/audit-log?before={number}&by={number}")
    link = submit(client, f"/staff/reports/{officer['report']}/links", {"link_reference": number}, status=200)
    assert link.error_messages() == ["Enter the reference of a report you can see, in the form XXXX-XXXX-XXXX"]


def test_a_security_code_in_other_digits_is_wrong_not_an_error(app):
    with app.app_context():
        staff = make_staff("officer")
        code = auth.current_code(staff, clock.now())
        assert auth.matching_step(totp.secret_of(staff), code.translate(ARABIC_INDIC), clock.now()) is None
        assert auth.matching_step(totp.secret_of(staff), "²" * 6, clock.now()) is None
        assert auth.matching_step(totp.secret_of(staff), code, clock.now()) is not None
