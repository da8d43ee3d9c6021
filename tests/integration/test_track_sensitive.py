"""Pages of sensitive reports carry "Exit this page"; the confirmation email carries a working sign-in link."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import session
from portal.models import OutboxMessage, Report
from portal.services.reporting import references
from portal.services.tracking import links
from tests.factories.reports import asb_pages, make_report, send, walk, ward_fixture  # noqa: F401  (fixture)
from tests.pages import page
from tests.support.tracking import LINK, sent_body, sign_in_with


def _signed_in(app, client, **answers):
    with app.app_context():
        report = make_report()
        report.answers = {"type": report.report_type, "answers": answers, "sections": []}
        session.commit()
        token = links.issue(report)
        session.commit()
    return sign_in_with(client, token)


def test_personally_targeted_asb_offers_exit_this_page(app, client):
    found = _signed_in(app, client, kind={"asb_type": "personal"})
    button = found.select_one(".govuk-exit-this-page a")
    assert button["href"] == app.config["TRACK_EXIT_URL"] and "Exit this page" in button.get_text()
    for url in ("/track/case/add-information", "/track/case/support", "/track/case/contact-preferences"):
        assert page(client, url).select(".govuk-exit-this-page"), url


def test_nuisance_asb_does_not(app, client):
    found = _signed_in(app, client, kind={"asb_type": "nuisance"})
    assert not found.select(".govuk-exit-this-page")


def test_a_channel_marked_unsafe_makes_any_report_sensitive(app, client):
    with app.app_context():
        report = make_report(report_type="fraud")
        report.unsafe_channels = ["letter"]
        token = links.issue(report)
        session.commit()
    assert sign_in_with(client, token).select(".govuk-exit-this-page")


def test_the_confirmation_email_carries_a_link_that_opens_the_new_report(app, client, ward):
    walk(client, "anti-social-behaviour", asb_pages(ward.code, email="sam@example.com"))
    send(client, "anti-social-behaviour")
    with app.app_context():
        body = sent_body(session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "report-confirmation")))
        reference = session.scalar(select(Report.reference))
    token = LINK.search(body).group(1)
    victim = app.test_client()
    found = sign_in_with(victim, token)
    assert found.title.startswith("Your report")
    assert references.display(reference) in found.text
