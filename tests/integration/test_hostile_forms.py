"""No input gives a 500 (security check 28), as a property: Hypothesis drives every public and staff form the
portal shows with hostile values (huge and negative numbers, other scripts' digits, 100,000-character strings, NUL,
direction overrides, emoji, malformed dates, files where text belongs, fields repeated or missing) and every answer
must be below 500. A report step that accepts what it is sent is followed by sending the report, since a value can
pass its page and fail only when the report is written.

The forms are found by reading the pages as a browser would, so a new form is covered without changing this file.
The examples are fixed (tests/support/hostile.py: BOUNDED), so a run in CI is repeatable and bounded in time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from wtforms import DateField, StringField
from wtforms.fields.core import UnboundField

from portal.db import session
from portal.extensions import limiter
from portal.journeys import RepeatingGroup
from portal.models import ReportDraft
from portal.report_types import REPORT_TYPES
from portal.reports import drafts as draft_pointers
from portal.services.reporting import drafts
from portal.services.tracking import sessions as case_sessions
from tests.factories.crime_reports import PAGES
from tests.factories.reports import asb_pages, fraud_pages, make_report, road_traffic_pages, walk
from tests.factories.staff import login_as, make_staff
from tests.factories.wards import make_borough, make_ward
from tests.support.hostile import (
    FormSpec,
    bounded,
    crawl,
    csrf_token,
    examples_for,
    forms_on,
    payload,
    send,
    sweeps,
    token_in,
)

JOURNEYS = {
    "road-traffic-incident": road_traffic_pages,
    "fraud": fraud_pages,
    "anti-social-behaviour": asb_pages,
    **PAGES,
}


def run(examples: int, strategy: st.SearchStrategy, check: Callable[[object], None]) -> None:
    """Run `check` on `examples` values drawn from `strategy` (Hypothesis shrinks any failure to its simplest)."""

    @bounded(examples)
    @given(strategy)
    def property_(value: object) -> None:
        check(value)

    property_()


def below_500(response, what: object) -> None:
    assert response.status_code < 500, (what, response.status_code)


@pytest.fixture
def quick(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rate limits would turn most examples into 429s, and /track's minimum response time into minutes of waiting."""
    monkeypatch.setitem(app.config, "TRACK_MIN_RESPONSE_SECONDS", 0)
    limiter.enabled = False
    yield
    limiter.enabled = True


@pytest.fixture
def world(app: Flask):
    with app.app_context():
        borough = make_borough("Westminster", "E09000033")
        ward = make_ward("West End", "E05013808", borough)
        report = make_report(ward=ward, reporter_email="victim@example.com")
        admin = make_staff("admin", wards=[ward], boroughs=[borough])
        officer = make_staff("officer", wards=[ward])
        return {"ward": ward.code, "borough": borough.code, "report": report.id, "admin": admin, "officer": officer.id}


def complete_answers(app: Flask, client: FlaskClient, ward_code: str) -> dict[str, dict]:
    """Every report type's answers, complete, as walking each journey once leaves them."""
    for slug, pages in JOURNEYS.items():
        walk(client, slug, pages(ward_code))
    with app.app_context():
        return {d.report_type: dict(d.answers) for d in session.query(ReportDraft).all()}


def fresh_draft(app: Flask, client: FlaskClient, slug: str, answers: dict) -> None:
    """Point the browser at a new draft holding `answers`, so every step of the journey can be visited."""
    with app.app_context():
        draft, token = drafts.new(slug)
        draft.answers = answers
        session.commit()
    with client.session_transaction() as browser:
        browser[draft_pointers.SESSION_KEY] = {
            **browser.get(draft_pointers.SESSION_KEY, {}),
            slug: draft_pointers.pointer(token),
        }


def typed_fields(form: type) -> int:
    """How many answers of `form` are typed rather than chosen: where hostile values do their damage."""
    fields = (getattr(form, name) for name in dir(form))
    typed = (StringField, DateField)
    return sum(1 for f in fields if isinstance(f, UnboundField) and issubclass(f.field_class, typed))


def step_pages() -> list[tuple[str, str, int]]:
    """Every page of every journey with how many random examples it gets: one, and one more for each answer typed
    on it (where hostile values do their damage); and each type's save page."""
    pages = []
    for slug, report_type in REPORT_TYPES.items():
        for step in report_type.steps:
            if isinstance(step, RepeatingGroup):
                pages.append((slug, f"/report/{slug}/{step.id}", 1))
                typed = typed_fields(step.item_form)
                pages += [
                    (slug, f"/report/{slug}/{step.id}/1", 1 + typed),
                    (slug, f"/report/{slug}/{step.id}/2", 1),
                ]
            else:
                pages.append((slug, f"/report/{slug}/{step.id}", 1 + typed_fields(step.form)))
        pages.append((slug, f"/report/{slug}/save", 2))
    return pages


def test_no_report_step_gives_a_500_whatever_it_is_sent_nor_does_sending_the_report(app, client, world, quick):
    answers = complete_answers(app, client, world["ward"])
    assert set(answers) == set(JOURNEYS)

    def hostile_post(slug: str, url: str, data: st.DataObject | None, sweep: int | None = None) -> int:
        """Post one hostile example (or sweep number `sweep`) to `url` and send the report; returns how many sweeps
        the page's form has."""
        fresh_draft(app, client, slug, answers[slug])
        shown = client.get(url)
        below_500(shown, url)
        if shown.status_code != 200:
            return 0
        html = shown.get_data(as_text=True)
        specs = [spec for spec in forms_on(html, url) if spec.method == "post"] or [FormSpec(url, "post")]
        token = token_in(html)
        if data is not None:
            spec = data.draw(st.sampled_from(specs))
            sent = [data.draw(payload(spec))]
        else:
            spec = specs[0]
            sent = sweeps(spec)[sweep : sweep + 1] if sweep is not None else []
        for values in sent:
            below_500(send(client, spec, values, token), (spec.action, values))
            below_500(client.post(f"/report/{slug}/check-answers", data={"csrf_token": token}), f"sending {slug}")
        return len(sweeps(specs[0]))

    for slug, url, examples in step_pages():
        sweep, count = 0, 1
        while sweep < count:  # each typed field and SWEEP value, on a fresh draft each time
            count = hostile_post(slug, url, None, sweep)
            sweep += 1
        run(examples, st.data(), partial(hostile_post, slug, url))


def test_no_public_or_case_form_gives_a_500(app, client, world, quick):
    with app.app_context():
        _row, token = case_sessions.start(make_report(reporter_email="victim@example.com"))
    client.set_cookie(app.config["TRACK_SESSION_COOKIE_NAME"], token, path="/track")
    seeds = ["/", "/track", "/track/case", "/wards", f"/wards/{world['ward']}", "/report/resume/x", "/track/sign-in/x"]
    seeds.append("/staff/sign-in")  # the one staff form anyone can reach
    avoid = ("/staff/sign-out", "/staff/stay-signed-in", "/track/sign-out", "/report/")
    forms = crawl(client, seeds, within="/", avoid=avoid, limit=40)
    expected = {"/track", "/track/case/add-information", f"/wards/{world['ward']}/priorities", "/staff/sign-in"}
    assert expected <= {f.action for f in forms}

    token = csrf_token(client, "/track")

    def hostile_post(spec: FormSpec, data: dict[str, object]) -> None:
        below_500(send(client, spec, data, token), spec.action)

    for spec in forms:
        run(examples_for(spec), payload(spec), partial(hostile_post, spec))


def test_no_staff_form_gives_a_500(app, client, world, quick):
    with app.app_context():
        login_as(client, world["admin"])
    seeds = [
        "/staff/",
        "/staff/queue",
        f"/staff/reports/{world['report']}",
        f"/staff/reports/{world['report']}/links",
        f"/staff/accounts/{world['officer']}",
        "/staff/accounts/new",
        f"/staff/ward-content/wards/{world['ward']}",
        f"/staff/ward-content/boroughs/{world['borough']}",
    ]
    forms = crawl(client, seeds, within="/staff", avoid=("/staff/sign-out", "/staff/queue/export"), limit=60)
    assert len({f.action for f in forms}) >= 15, sorted({f.action for f in forms})

    token = csrf_token(client, "/staff/")

    def hostile_post(spec: FormSpec, data: dict[str, object]) -> None:
        with app.app_context():
            login_as(client, world["admin"])  # an example may have ended this session (a password change, say)
        below_500(send(client, spec, data, token), spec.action)

    for spec in forms:
        run(examples_for(spec), payload(spec), partial(hostile_post, spec))
