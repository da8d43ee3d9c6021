"""Wording for common updates to victims. Officers pick one and edit it before sending."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseTemplate:
    code: str
    title: str
    text: str


TEMPLATES: dict[str, ResponseTemplate] = {
    t.code: t
    for t in (
        ResponseTemplate(
            "crime-recorded",
            "Crime recorded",
            "We have recorded your report as a crime. An officer is looking at what can be done and will update you "
            "at least every 28 days.",
        ),
        ResponseTemplate(
            "enquiries-ongoing",
            "Enquiries continuing",
            "Our enquiries are continuing. We are checking the information you gave us and will update you again "
            "soon. If anything else happens, please tell us.",
        ),
        ResponseTemplate(
            "cctv-requested",
            "CCTV requested",
            "We have asked for CCTV footage from the area. It can take a few weeks to receive and review.",
        ),
        ResponseTemplate(
            "more-information",
            "More information needed",
            "We need a little more information from you. Please contact us, or add information to your report "
            "online using your reference.",
        ),
        ResponseTemplate(
            "suspect-arrested",
            "Suspect arrested",
            "Someone has been arrested in connection with your report. We will tell you what happens next as soon "
            "as a decision is made.",
        ),
    )
}


def get(code: str | None) -> ResponseTemplate | None:
    return TEMPLATES.get(code or "")
