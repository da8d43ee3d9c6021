import math
import re

import pytest

from portal.services.reporting import references


def test_references_are_random_unambiguous_and_carry_a_check_character():
    made = {references.new_reference() for _ in range(2000)}
    assert len(made) == 2000
    for reference in made:
        assert re.fullmatch(f"[{references.ALPHABET}]{{12}}", reference)
        assert references.is_valid(reference)
    assert not set("01OILUVZ") & set(references.ALPHABET)
    assert references.RANDOM_LENGTH * math.log2(len(references.ALPHABET)) >= 40


@pytest.mark.parametrize("typed", ["{g}", "{g_lower}", "{spaced}", " {g_lower} ", "{raw}", "{raw_lower}"])
def test_typed_with_or_without_spaces_or_hyphens_in_any_case(typed):
    raw = references.new_reference()
    grouped = references.display(raw)
    text = typed.format(
        g=grouped, g_lower=grouped.lower(), spaced=grouped.replace("-", " "), raw=raw, raw_lower=raw.lower()
    )
    assert references.normalise(text) == raw
    assert references.is_valid(text)


def test_display_groups_in_fours():
    assert references.display("abcdefghjkmn") == "ABCD-EFGH-JKMN"


def test_every_single_character_mistake_is_caught():
    raw = references.new_reference()
    for position in range(len(raw)):
        for char in references.ALPHABET:
            if char != raw[position]:
                assert not references.is_valid(raw[:position] + char + raw[position + 1 :])


def test_most_neighbour_swaps_are_caught():
    caught = total = 0
    for _ in range(200):
        raw = references.new_reference()
        for position in range(len(raw) - 1):
            swapped = raw[:position] + raw[position + 1] + raw[position] + raw[position + 2 :]
            if swapped != raw:
                total += 1
                caught += not references.is_valid(swapped)
    assert caught / total > 0.95


@pytest.mark.parametrize("text", ["", "ABC", "HKR7-M3XQ-9TB", "HKR7-M3XQ-9TB40", "HKR7-M3XQ-9TB!", "OOOO-OOOO-OOOO"])
def test_malformed_input_is_invalid(text):
    assert not references.is_valid(text)
