"""What typed text can be, for the queue's search, and the queue's cursors."""

from datetime import UTC, date, datetime

import pytest

from portal.models import Report
from portal.services.cases import search, sorting
from portal.services.reporting import references


def test_a_reference_typed_any_way_is_the_stored_reference():
    stored = references.new_reference()
    typed = references.display(stored).lower().replace("-", " ")
    assert search.wanted(typed).reference == stored
    assert search.wanted(stored[:-1]).reference is None  # incomplete: not a reference (its check fails)


def test_a_registration_or_serial_number_is_looked_for_as_every_property_number():
    found = search.wanted("ab12 cde")
    assert {kind for kind, value in found.pairs if value == "AB12CDE"} == set(search.PROPERTY_KINDS)


def test_an_email_is_lower_case_and_is_not_also_a_name():
    found = search.wanted("Sam.OBrien@Example.com")
    assert ("email", "sam.obrien@example.com") in found.pairs and found.words == ()


def test_a_phone_number_is_its_digits_in_every_form():
    found = search.wanted("+44 7911 123456")
    assert {value for kind, value in found.pairs if kind == "phone-digits"} >= {"07911123456", "447911123456"}
    assert not [kind for kind, _value in search.wanted("Sam 07911").pairs if kind == "phone-digits"]  # not a number


def test_long_text_is_cut_and_nothing_searchable_is_nothing():
    assert len(search.clean("x" * 500)) == search.MAX_LENGTH
    assert not search.wanted("-") and not search.wanted("  ") and not search.wanted("a")


@pytest.mark.parametrize(
    ("code", "report", "segment"),
    [
        (sorting.URGENCY, Report(id=7, urgency=3, submitted_at=datetime(2026, 11, 26, 12, 5, 1, 42, tzinfo=UTC)), 0),
        (sorting.RECEIVED, Report(id=8, urgency=3, submitted_at=datetime(2026, 11, 26, 12, 0, tzinfo=UTC)), 0),
        (
            sorting.DUE,
            Report(id=9, urgency=5, submitted_at=datetime(2026, 1, 2, tzinfo=UTC), next_update_due=date(2026, 12, 1)),
            0,
        ),
        (sorting.DUE, Report(id=10, urgency=1, submitted_at=datetime(2026, 1, 2, tzinfo=UTC)), 1),
    ],
)
def test_a_cursor_survives_the_address_bar(code, report, segment):
    sort = sorting.get(code)
    cursor = sorting.Cursor.of(sort, report)
    assert cursor.segment == segment
    assert sorting.Cursor.decode(sort, cursor.encode()) == cursor


def test_an_unknown_order_is_the_default():
    assert sorting.get("nonsense").code == sorting.URGENCY and sorting.get(None).code == sorting.URGENCY
