"""The rising rule and the period arithmetic behind every ward page's figures, with hand-computed cases."""

from datetime import date

import pytest

from portal.services.wards.statistics import RisingRule, add_months, months_back, percent_change, summarise, trend

RULE = RisingRule(min_percent=20, min_offences=5)


@pytest.mark.parametrize(
    ("recent", "year_ago", "rising"),
    [
        (30, 25, True),  # +5 offences, +20%: both thresholds exactly met
        (29, 25, False),  # +4 offences (16%): too few offences
        (36, 30, True),  # +6, +20%
        (35, 30, False),  # +5 offences but only 16.7%
        (6, 1, True),  # +5 and +500%
        (5, 0, True),  # from nothing: +5 is enough, any percentage
        (4, 0, False),  # from nothing but only +4
        (120, 101, False),  # +19 offences is only 18.8%
        (122, 101, True),  # +21 offences, 20.8%
        (10, 10, False),
        (3, 12, False),  # falling
    ],
)
def test_rising_needs_both_the_percentage_and_the_number_of_offences(recent, year_ago, rising):
    assert RULE.is_rising(recent, year_ago) is rising


def test_thresholds_are_configurable():
    assert RisingRule(min_percent=50, min_offences=1).is_rising(3, 2)
    assert not RisingRule(min_percent=50, min_offences=1).is_rising(29, 20)
    assert not RisingRule(min_percent=10, min_offences=10).is_rising(19, 10)


def test_months_are_counted_back_from_the_last_complete_month():
    assert add_months(date(2025, 1, 1), -1) == date(2024, 12, 1)
    assert add_months(date(2025, 12, 1), 1) == date(2026, 1, 1)
    assert months_back(date(2025, 12, 1), 0, 3) == [date(2025, 12, 1), date(2025, 11, 1), date(2025, 10, 1)]
    assert months_back(date(2025, 12, 1), 12, 3) == [date(2024, 12, 1), date(2024, 11, 1), date(2024, 10, 1)]


def test_summary_compares_last_12_with_previous_12_and_last_3_with_the_same_3_a_year_earlier():
    # 24 months, Jan 2024 - Dec 2025: every month 2 offences, except 10 in each of Oct-Dec 2025 and 4 in Nov 2024.
    counts = {add_months(date(2024, 1, 1), n): 2 for n in range(24)}
    counts.update({date(2025, 10, 1): 10, date(2025, 11, 1): 10, date(2025, 12, 1): 10, date(2024, 11, 1): 4})
    summary = summarise(counts, date(2025, 12, 1), RULE)
    assert summary.last_12 == 9 * 2 + 30  # 48
    assert summary.previous_12 == 11 * 2 + 4  # 26
    assert summary.recent_3 == 30
    assert summary.year_ago_3 == 2 + 4 + 2  # 8
    assert summary.rising  # +22 offences, +275%


def test_summary_of_a_short_series_treats_missing_months_as_none_recorded():
    summary = summarise({date(2025, 12, 1): 7}, date(2025, 12, 1), RULE)
    assert (summary.last_12, summary.previous_12, summary.recent_3, summary.year_ago_3) == (7, 0, 7, 0)
    assert summary.rising


def test_percent_change_and_trend():
    assert percent_change(140, 100) == 40
    assert percent_change(13370, 18019) == -26
    assert percent_change(5, 0) is None
    assert (trend(5, 3), trend(3, 5), trend(4, 4)) == ("up", "down", "same")
