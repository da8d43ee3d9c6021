from portal.services.ward_search import search_wards, ward_by_code
from portal.text import slugify
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
