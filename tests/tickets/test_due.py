"""Due times: working hours and German public holidays per state, emergencies on the clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from catalogs.models import Priority
from tickets.due import add_working_hours, due_times, is_working_day

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def working_hours(settings):
    settings.WORKING_HOURS = (8, 16)


def test_hours_within_one_working_day():
    assert add_working_hours(at(2026, 11, 24, 9), 4, state="BE") == at(2026, 11, 24, 13)


def test_remaining_hours_carry_over_to_next_morning():
    # Tuesday 14:00 + 4 h: 2 h today (until 16:00), 2 h on Wednesday from 08:00.
    assert add_working_hours(at(2026, 11, 24, 14), 4, state="BE") == at(2026, 11, 25, 10)


def test_report_at_night_starts_counting_next_morning():
    # The toilet flush reported at 3 a.m.
    assert add_working_hours(at(2026, 11, 24, 3), 2, state="BE") == at(2026, 11, 24, 10)


def test_weekend_is_skipped():
    # Friday 15:00 + 2 h: 1 h on Friday, 1 h on Monday.
    assert add_working_hours(at(2026, 11, 27, 15), 2, state="BE") == at(2026, 11, 30, 9)


def test_public_holiday_is_skipped():
    # 3 October 2025 (Tag der Deutschen Einheit) is a Friday.
    assert add_working_hours(at(2025, 10, 2, 15), 2, state="BE") == at(2025, 10, 6, 9)


def test_holidays_differ_by_state():
    # Fronleichnam (4 June 2026) is a holiday in Bavaria but not in Berlin.
    assert not is_working_day(dt.date(2026, 6, 4), "BY")
    assert is_working_day(dt.date(2026, 6, 4), "BE")
    assert add_working_hours(at(2026, 6, 3, 15), 2, state="BY") == at(2026, 6, 5, 9)
    assert add_working_hours(at(2026, 6, 3, 15), 2, state="BE") == at(2026, 6, 4, 9)


def test_christmas_to_new_year():
    # 24 Dec 2026 is a Thursday; 25/26 are holidays, 28-31 working days, 1 Jan a holiday.
    assert add_working_hours(at(2026, 12, 24, 15), 8, state="BE") == at(2026, 12, 28, 15)


def test_across_daylight_saving_change():
    # Clocks go forward on 29 March 2026: working hours stay local hours.
    assert add_working_hours(at(2026, 3, 27, 15), 2, state="BE") == at(2026, 3, 30, 9)


def test_emergency_runs_on_the_clock_even_on_a_sunday():
    start = at(2026, 11, 29, 3)  # Sunday night
    respond_by, due_at = due_times(priority=Priority.EMERGENCY, state="BE", start=start)
    assert respond_by == start + dt.timedelta(hours=2)
    assert due_at == start + dt.timedelta(hours=24)


def test_item_hours_override_priority_defaults():
    start = at(2026, 11, 24, 8)
    respond_by, due_at = due_times(
        priority=Priority.NORMAL, state="BE", start=start, respond_hours=1, resolve_hours=8
    )
    assert respond_by == at(2026, 11, 24, 9)
    assert due_at == at(2026, 11, 24, 16)
