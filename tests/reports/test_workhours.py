"""Working-hour arithmetic at its edges: nights, weekends, public holidays (per state), long spans."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reports.workhours import (
    first_day_at_most,
    first_working_day_of_month,
    working_days_since,
    working_hours_between,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def eight_to_four(settings):
    settings.WORKING_HOURS = (8, 16)
    settings.TIME_ZONE = "Europe/Berlin"


def test_within_one_working_day():
    assert working_hours_between(at("2025-03-04", 9), at("2025-03-04", 11, 30), state="BE") == 2.5


def test_the_night_does_not_count():
    assert working_hours_between(at("2025-03-04", 15), at("2025-03-05", 9), state="BE") == 2


def test_before_opening_and_after_closing_count_nothing():
    assert working_hours_between(at("2025-03-04", 17), at("2025-03-05", 7), state="BE") == 0


def test_a_weekend_does_not_count():
    # Friday 15:00 to Monday 09:00: one hour each side.
    assert working_hours_between(at("2025-03-07", 15), at("2025-03-10", 9), state="BE") == 2


def test_a_public_holiday_does_not_count():
    # 1 May 2025 is a Thursday: Wednesday 15:00 to Friday 09:00 is two hours, not ten.
    assert working_hours_between(at("2025-04-30", 15), at("2025-05-02", 9), state="BE") == 2


def test_a_holiday_of_one_state_only_counts_elsewhere():
    # Fronleichnam (19 June 2025) is a holiday in Bavaria, not in Berlin.
    start, end = at("2025-06-19", 8), at("2025-06-19", 16)
    assert working_hours_between(start, end, state="BY") == 0
    assert working_hours_between(start, end, state="BE") == 8


def test_an_end_before_the_start_is_zero():
    assert working_hours_between(at("2025-03-05", 9), at("2025-03-04", 9), state="BE") == 0


def test_a_long_span_counts_whole_working_days():
    # 2024 in Berlin: 366 days, 104 weekend days, 10 holidays on weekdays (Frauentag included).
    hours = working_hours_between(at("2024-01-01", 0), at("2025-01-01", 0), state="BE")
    assert hours == (366 - 104 - 10) * 8


def test_age_in_working_days_skips_weekends():
    # Reported Friday; on Monday it is one working day old, on Tuesday two.
    assert working_days_since(dt.date(2025, 3, 7), dt.date(2025, 3, 10), state="BE") == 1
    assert working_days_since(dt.date(2025, 3, 7), dt.date(2025, 3, 11), state="BE") == 2


def test_bucket_bound_is_the_oldest_day_of_that_age():
    today = dt.date(2025, 3, 11)  # a Tuesday
    bound = first_day_at_most(2, today, state="BE")
    assert working_days_since(bound, today, state="BE") <= 2
    assert working_days_since(bound - dt.timedelta(days=1), today, state="BE") > 2


def test_first_working_day_after_new_year_and_a_weekend():
    assert first_working_day_of_month(dt.date(2026, 1, 20), state="BE") == dt.date(2026, 1, 2)
    assert first_working_day_of_month(dt.date(2025, 11, 20), state="BE") == dt.date(2025, 11, 3)
