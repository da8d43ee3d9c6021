"""The whole service through the production stack, in Chromium over https: a resident reports a road traffic incident
with a photo; the demo officer signs in with password and authenticator code, triages it and posts a public update;
the victim asks for a link at /track, receives it by email (the outbox sender process, over SMTP with STARTTLS, into
the mail server's mailbox), follows it and sees the update."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, expect

from deploy.stack import Stack
from e2e_stack import journeys
from e2e_stack.conftest import Ledger
from e2e_stack.pages import heading, new_page, press, wait_for_mail
from tests.support import evidence_samples as samples
from tests.support.tracking import LINK

VICTIM = "stack.victim@example.com"
UPDATE = "We have the van's registration from the camera and have written to its owner."


def test_report_triage_update_and_the_victim_sees_it(
    browser: Browser, stack: Stack, portal: Flask, ledger: Ledger, tmp_path: Path
):
    photo = tmp_path / "damage.jpg"
    photo.write_bytes(samples.jpeg(size=(640, 480)))

    # The resident reports, with a photo.
    resident_context, resident = new_page(browser, stack.url)
    journeys.road_traffic_to_evidence(resident)
    journeys.attach(resident, photo)
    journeys.details_to_check_answers(resident, VICTIM)
    reference = journeys.send(resident)
    ledger.confirm(reference, [photo.read_bytes()])
    confirmation = wait_for_mail(stack, VICTIM, reference, after=set())
    assert confirmation["X-Stack-TLS"].startswith("TLSv1.")  # delivered over STARTTLS
    resident_context.close()

    # The officer triages it and tells the victim what is happening.
    officer_context, officer = new_page(browser, stack.url)
    journeys.sign_in_officer(officer, portal)
    officer.goto(f"/staff/reports/{journeys.report_id(portal, reference)}")
    heading(officer, f"Report {reference}")
    expect(officer.locator("section.dps-report-evidence")).to_contain_text("damage.jpg")
    officer.get_by_text("Or assess threat, harm, risk, vulnerability and engagement one by one").click()
    for group, choice in [
        ("Threat", "Low"),
        ("Harm", "Low"),
        ("Risk", "Low"),
        ("Investigation", "Some lines of enquiry"),
        ("Vulnerability", "None identified"),
        ("Engagement", "Willing to engage"),
        ("Grading", "Standard"),
        ("Is the victim entitled to enhanced rights?", "No"),
    ]:
        officer.get_by_role("group", name=group).get_by_label(choice, exact=True).check()
    officer.get_by_label("Reason for this grading").fill("Damage only; the other vehicle is identifiable.")
    press(officer, "Save grading")
    expect(officer.get_by_text("Graded Standard").first).to_be_visible()
    officer.get_by_label("Update for the victim").fill(UPDATE)
    press(officer, "Send update")
    expect(officer.get_by_text("Update sent")).to_be_visible()
    heading(officer, f"Report {reference}")
    officer_context.close()

    # The victim looks the case up, and signs in with the link the email brings.
    victim_context, victim = new_page(browser, stack.url)
    victim.goto("/track")
    heading(victim, "Track your report")
    victim.get_by_label("Reference number").fill(reference)
    victim.get_by_label("Email address").fill(VICTIM)
    seen = set(stack.mailbox.glob("*.eml"))
    press(victim, "Send me a link")
    heading(victim, "Check your email")
    sign_in = wait_for_mail(stack, VICTIM, "Use this link to see your report", after=seen)
    link = LINK.search(sign_in.get_content())
    assert link and link.group(0).startswith(f"{stack.url}/track/sign-in/")  # PUBLIC_BASE_URL, https
    victim.goto(link.group(0))
    heading(victim, "See your report")
    press(victim, "Continue to your report")
    heading(victim, "Your report of a road traffic incident")
    expect(victim.locator(".dps-timeline")).to_contain_text(UPDATE)
    victim_context.close()
