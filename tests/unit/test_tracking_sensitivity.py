"""Sensitivity is data on the report type, read from the stored answers."""

from __future__ import annotations

from portal.journeys import Answers
from portal.models import Report
from portal.report_types import REPORT_TYPES
from portal.services.tracking.sensitivity import is_sensitive, type_name


def _report(report_type: str, answers: dict, unsafe: list[str] | None = None) -> Report:
    return Report(report_type=report_type, answers={"answers": answers}, unsafe_channels=unsafe or [])


def test_asb_aimed_at_the_reporter_is_sensitive():
    assert REPORT_TYPES["anti-social-behaviour"].sensitive(Answers({"kind": {"asb_type": "personal"}}))
    assert is_sensitive(_report("anti-social-behaviour", {"kind": {"asb_type": "personal"}}))
    assert not is_sensitive(_report("anti-social-behaviour", {"kind": {"asb_type": "environmental"}}))


def test_other_types_are_not_unless_a_channel_is_unsafe():
    assert not is_sensitive(_report("fraud", {}))
    assert is_sensitive(_report("fraud", {}, unsafe=["phone"]))


def test_an_unknown_type_is_handled():
    assert not is_sensitive(_report("retired-type", {}))
    assert type_name(_report("retired-type", {})) == "retired type"
