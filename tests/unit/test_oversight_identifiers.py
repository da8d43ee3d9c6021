"""Normalising identifiers so the same vehicle, phone, email or suspect detail matches however it was typed."""

import pytest

from portal.models import Report
from portal.services.oversight import identifiers as ids
from portal.services.oversight.identifiers import Identifier


@pytest.mark.parametrize("typed", ["AB12 CDE", "ab12cde", " ab12 cde ", "AB12-CDE", "a b 1 2 c d e"])
def test_registrations_ignore_spaces_and_case(typed):
    assert ids.registration(typed) == "AB12CDE"


@pytest.mark.parametrize(
    "typed", ["020 7946 0000", "02079460000", "+44 20 7946 0000", "0044 20 7946 0000", "(020) 7946-0000"]
)
def test_phone_numbers_become_e164(typed):
    assert ids.phone(typed) == "+442079460000"


def test_mobile_numbers_and_rubbish():
    assert ids.phone("07911 123456") == ids.phone("+447911123456") == "+447911123456"
    assert ids.phone("not a number") is None and ids.phone("12") is None and ids.phone("") is None


def test_emails_are_lower_case():
    assert ids.email(" Sam.OBrien@Example.COM ") == "sam.obrien@example.com"
    assert ids.email("not an email") is None


def test_suspect_details():
    assert ids.suspect("website", "https://www.Cheap-Tickets.example/") == "website:cheap-tickets.example"
    assert ids.suspect("bank-account", "12-34-56 12345678") == "bank-account:12345612345678"
    assert ids.suspect("social", "@Scammer_99") == "social:scammer_99"
    assert ids.suspect("name", "  John   SMITH ") == "name:john smith"


def report(answers, email=None, phone=None):
    return Report(reporter_email=email, reporter_phone=phone, answers={"type": "x", "answers": answers, "sections": []})


def test_extract_reads_contact_columns_and_every_answer_shape():
    found = ids.extract(
        report(
            {
                "vehicles": {"items": [{"registration": "ab12 cde"}, {"registration": ""}], "complete": True},
                "suspect-details": {
                    "items": [
                        {"identifier_type": "phone", "identifier": "020 7946 0000"},
                        {"identifier_type": "email", "identifier": "Fraud@Example.org"},
                        {"identifier_type": "website", "identifier": "http://bad.example"},
                        {"identifier_type": "phone", "identifier": "call me"},
                    ],
                    "complete": True,
                },
                "witness-details": {"items": [{"witness_name": "A", "witness_contact": "07400 123456"}]},
                "place": {"place": "AB12 CDE was parked here"},  # free text is never mined
            },
            email="Me@Example.com",
            phone="+447911123456",
        )
    )
    assert found == {
        Identifier("registration", "AB12CDE", "vehicle"),
        Identifier("phone", "+442079460000", "suspect"),
        Identifier("email", "fraud@example.org", "suspect"),
        Identifier("suspect", "website:bad.example", "suspect"),
        Identifier("phone", "+447400123456", "witness"),
        Identifier("email", "me@example.com", "reporter"),
        Identifier("phone", "+447911123456", "reporter"),
    }


def test_a_report_with_nothing_to_match_has_no_identifiers():
    assert ids.extract(report({"kind": {"asb_type": "nuisance"}})) == set()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Zoë O'Brien-Smith", ["zoe", "obrien", "smith"]),
        ("  SAM   o’brien ", ["sam", "obrien"]),
        ("J. R. Hartley", ["hartley"]),  # initials are too short to find anyone by
        ("Mohammed Al-Hassan Mohammed", ["mohammed", "al", "hassan"]),
        ("Łukasz Żółć", ["łukasz", "zołc"]),  # letters without a decomposition stay as they are
        ("李 小龍", ["小龍"]),
        ("", []),
    ],
)
def test_name_words_fold_case_accents_and_apostrophes(name, words):
    assert ids.name_words(name) == words


@pytest.mark.parametrize("typed", ["07911 123456", "+44 7911 123456", "0044 7911 123456", "(07911) 123-456"])
def test_a_phone_number_as_digits_in_every_form(typed):
    assert {"07911123456", "447911123456"} <= ids.phone_digits(typed)


def test_a_number_that_is_not_valid_is_still_its_digits_and_short_ones_are_nothing():
    assert ids.phone_digits("+1 (555) 010-9999") >= {"15550109999"}
    assert ids.phone_digits("12 34") == set() and ids.phone_digits(None) == set()


def test_the_search_only_rows_are_the_reporters_name_words_and_phone_digits():
    found = ids.search_only("Sam O'Brien", "020 7946 0000")
    assert {(i.kind, i.value, i.source) for i in found} == {
        ("name", "sam", "reporter"),
        ("name", "obrien", "reporter"),
        ("phone-digits", "02079460000", "reporter"),
        ("phone-digits", "442079460000", "reporter"),
    }
    assert ids.search_only(None, None) == set()
