"""Demo reports for `make run`: six reports of all three types in West End, sent through the real submission service
(so each has its reference, its first event and its confirmation email in the outbox), two of them already triaged,
given to the demo officer and updated, so the queue, a case page and "Track a report" all have something to show.

Each demo report is recognised by its reporter's email address, so running the step again changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal.core import clock
from portal.db import session
from portal.demo.staff import DEMO_ACCOUNTS, DEMO_WARD
from portal.models import Report, ReportDraft, StaffUser, Ward
from portal.report_types import REPORT_TYPES
from portal.services.cases import transitions as cases
from portal.services.cases import triage
from portal.services.reporting import drafts, references
from portal.services.reporting import submit as submissions
from portal.services.staff import accounts

Answers = dict[str, Any]
NOT_HATE: Answers = {"hate-crime": {"hate_crime": "no"}}


@dataclass(frozen=True)
class DemoReport:
    email: str
    report_type: str
    answers: Callable[[date], Answers]  # today -> the draft's answers, step by step
    handled: bool = False  # triaged, given to the demo officer and updated


def _contact(name: str, email: str, phone: str | None = None) -> Answers:
    return {
        "your-details": {"name": name, "email": email, "phone": phone},
        "contact-preferences": {"preferred": "email", "times": None, "unsafe": ["none"]},
    }


def _asb(email: str, name: str, kind: str, behaviour: list[str], text: str, place: str, ongoing: str) -> Any:
    def answers(today: date) -> Answers:
        return {
            "emergency": {"emergency": "no"},
            "kind": {"asb_type": kind},
            "behaviour": {"behaviour": behaviour, "description": text},
            "where": {"ward": DEMO_WARD},
            "place": {"place": place, "postcode": None},
            "when": {"date": (today - timedelta(days=1)).isoformat(), "time": "23:00"},
            "ongoing": {"ongoing": ongoing, "frequency": "weekly" if ongoing == "yes" else "once"},
            "affected": {"affected": ["me", "neighbours"]},
            "people": {"people": "A group of four or five adults"},
            "vehicles-involved": {"vehicles_involved": "no"},
            **NOT_HATE,
            "anonymous": {"give_details": "yes"},
            **_contact(name, email),
        }

    return answers


def _fraud(email: str, name: str, how: str, text: str, suspect: tuple[str, str], paid: str | None) -> Any:
    def answers(today: date) -> Answers:
        money: Answers = {"money-lost": {"money_lost": "yes" if paid else "no"}}
        if paid:
            money["payment"] = {"payment_method": "bank-transfer", "amount": paid, "paid_on": today.isoformat()}
        return {
            "emergency": {"emergency": "no"},
            "report-to-police": {"reasons": ["recoverable"] if paid else ["suspect-local"]},
            "contact-method": {"contacted_by": how},
            "what-happened": {"what_happened": text},
            "when": {"date": (today - timedelta(days=2)).isoformat()},
            "suspect": {"suspect_details": "yes"},
            "suspect-details": {"items": [{"identifier_type": suspect[0], "identifier": suspect[1]}], "complete": True},
            **money,
            **NOT_HATE,
            "where": {"ward": DEMO_WARD},
            "place": {"place": "My flat", "postcode": None},
            **_contact(name, email, "07911 123456"),
        }

    return answers


def _collision(email: str, name: str, involvement: str, text: str, place: str, registration: str) -> Any:
    def answers(today: date) -> Answers:
        vehicle = {"registration": registration, "whose": "other", "make": "Ford", "model": "Transit"}
        return {
            "emergency": {"emergency": "no"},
            "involvement": {"involvement": involvement},
            "when": {"date": today.isoformat(), "time": "08:15"},
            "where": {"ward": DEMO_WARD},
            "place": {"place": place, "postcode": None},
            "what-happened": {"what_happened": text},
            "vehicles": {
                "items": [{**vehicle, "colour": "White", "driver": None, "owner": None, "insurance": None}],
                "complete": True,
            },
            "injuries": {"injuries": "no"},
            "damage": {"damage": "Scraped rear door and a broken wing mirror"},
            "witnesses": {"witnesses": "no"},
            **NOT_HATE,
            "evidence": {"evidence": ["dash-cam", "photos"]},
            **_contact(name, email, "07911 234567"),
            "statement": {"confirm": True},
        }

    return answers


DEMO_REPORTS = (
    DemoReport(
        "priya.shah.demo@example.com",
        "anti-social-behaviour",
        _asb(
            "priya.shah.demo@example.com",
            "Priya Shah",
            "nuisance",
            ["drinking", "noise"],
            "A group drinks on the steps of the church every evening and shouts at people walking past.",
            "The steps of St Anne's Church, Dean Street",
            "yes",
        ),
        handled=True,
    ),
    DemoReport(
        "tom.okafor.demo@example.com",
        "anti-social-behaviour",
        _asb(
            "tom.okafor.demo@example.com",
            "Tom Okafor",
            "environmental",
            ["graffiti", "fly-tipping"],
            "Someone dumped a mattress and bags of rubbish in the alley and sprayed tags on the shop shutters.",
            "The alley behind Berwick Street market",
            "no",
        ),
    ),
    DemoReport(
        "margaret.ellis.demo@example.com",
        "fraud",
        _fraud(
            "margaret.ellis.demo@example.com",
            "Margaret Ellis",
            "phone",
            "A man phoned saying he was from my bank's fraud team and talked me into moving my savings to a 'safe "
            "account'. The bank says it never called.",
            ("phone", "020 7946 0321"),
            "1850.00",
        ),
        handled=True,
    ),
    DemoReport(
        "daniel.reyes.demo@example.com",
        "fraud",
        _fraud(
            "daniel.reyes.demo@example.com",
            "Daniel Reyes",
            "website",
            "A website selling concert tickets took my card details. I cancelled the card before any payment went out.",
            ("website", "https://cheap-tickets-now.example"),
            None,
        ),
    ),
    DemoReport(
        "aisha.begum.demo@example.com",
        "road-traffic-incident",
        _collision(
            "aisha.begum.demo@example.com",
            "Aisha Begum",
            "driver",
            "A van clipped my car while overtaking on Charing Cross Road and drove off without stopping.",
            "Charing Cross Road, by Cambridge Circus",
            "LK19 XYZ",
        ),
    ),
    DemoReport(
        "ben.carter.demo@example.com",
        "road-traffic-incident",
        _collision(
            "ben.carter.demo@example.com",
            "Ben Carter",
            "cyclist",
            "A delivery van turned left across me at the junction and knocked me off my bike. The driver stopped "
            "briefly, then left before we could swap details.",
            "Junction of Shaftesbury Avenue and Wardour Street",
            "BX68 ABC",
        ),
    ),
)

GRADING = {
    "threat": "low",
    "harm": "medium",
    "risk": "medium",
    "investigation": "some",
    "vulnerability": "none",
    "engagement": "engaged",
    "grading": "standard",
    "enhanced_rights": False,
    "reason": "No one in immediate danger; lines of enquiry to follow up this week.",
}


def demo_reports() -> str:
    if current_app.config["ENV_NAME"] == "production":
        return "skipped: demo reports are never created in production."
    if session.scalar(select(Ward.id).where(Ward.code == DEMO_WARD)) is None:
        return f"skipped: ward {DEMO_WARD} (West End) is not in the database yet; load the wards first, then run again."
    officer = accounts.by_email(DEMO_ACCOUNTS[0][0])
    supervisor = accounts.by_email(DEMO_ACCOUNTS[1][0])
    if officer is None or supervisor is None:
        return "skipped: the demo staff accounts are missing; run the staff step first."
    made = 0
    for demo in DEMO_REPORTS:
        if _existing(demo) is None:
            _send(demo, officer, supervisor)
            made += 1
    example = _existing(next(demo for demo in DEMO_REPORTS if demo.handled))
    assert example is not None
    return "\n".join(
        [
            f"{made} demo reports sent ({len(DEMO_REPORTS) - made} already there) in West End; "
            f"{sum(d.handled for d in DEMO_REPORTS)} are with {officer.name}",
            f"  try Track a report at /track: reference {references.display(example.reference)}, "
            f"email {example.reporter_email}",
        ]
    )


def _existing(demo: DemoReport) -> Report | None:
    return session.scalar(select(Report).where(Report.reporter_email == demo.email).order_by(Report.id).limit(1))


def _send(demo: DemoReport, officer: StaffUser, supervisor: StaffUser) -> Report:
    report_type = REPORT_TYPES[demo.report_type]
    draft = ReportDraft(
        token_hash=secrets.token_hex(32),  # nobody holds its token: it is submitted at once
        report_type=report_type.slug,
        answers=demo.answers(clock.now().date()),
        expires_at=clock.now() + drafts.lifetime(),
    )
    session.add(draft)
    session.commit()
    with current_app.test_request_context():  # submission renders the confirmation email
        submission = submissions.submit(report_type, draft)
    if submission.report is None:
        raise RuntimeError(f"demo report {demo.email} did not pass step {submission.invalid_step}")
    report = submission.report
    if demo.handled:
        triage.grade(report, officer, GRADING)
        cases.assign(report, officer, supervisor, "Ward officer for West End.")
        cases.public_update(
            report,
            "Thank you for your report. I have looked at it and I am making enquiries this week. I will let you know "
            "what I find.",
            officer,
        )
    return report
