from flask import current_app

from portal.core import clock
from portal.core.text import slugify
from portal.db import session
from portal.services.wards.page import clear_cache
from portal.services.wards.search import WardChoice, search_wards, ward_by_code, ward_choice
from tests.factories.wards import make_borough, make_ward


def test_slugify():
    assert slugify("Hammersmith & Fulham") == "hammersmith-and-fulham"
    assert slugify("St Peter's") == "st-peter-s"


def test_search_matches_ward_or_borough_words_and_ranks_exact_names_first(app_context):
    camden = make_borough("Camden", "E09000007")
    westminster = make_borough("Westminster", "E09000033")
    make_ward("Regent's Park", "E05013656", camden)
    make_ward("Regent's Park", "E05013807", westminster)
    make_ward("West End", "E05013806", westminster)
    make_ward("Westbourne", "E05013808", westminster)

    assert [w.code for w in search_wards("regent's park camden")] == ["E05013656"]
    assert [w.name for w in search_wards("west end")][0] == "West End"
    assert {w.name for w in search_wards("westminster")} == {"Regent's Park", "West End", "Westbourne"}
    assert search_wards("   ") == []
    assert ward_by_code("e05013806").name == "West End"


def test_journeys_ward_lookup_is_kept_until_it_expires_or_the_ward_data_changes(app_context):
    ward = make_ward("West End", "E05013808", make_borough("Westminster", "E09000033"))
    current_app.config["WARD_PAGE_CACHE_SECONDS"] = 300
    try:
        assert ward_choice("e05013808") == WardChoice(ward.id, "E05013808", "West End", "Westminster", False)
        ward.retired_at = clock.now()
        session.commit()
        assert not ward_choice("E05013808").retired  # kept: no query for the rest of the lifetime
        clear_cache()  # what the ward loaders call after changing wards
        assert ward_choice("E05013808").retired
        assert ward_choice("E05099999") is None
    finally:
        current_app.config["WARD_PAGE_CACHE_SECONDS"] = 0
        clear_cache()
