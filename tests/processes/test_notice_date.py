"""The lawful date of a tenant's notice (§ 573c BGB) at its edges: the third working day of the month
with public holidays and weekends in the first days, year end, February."""

import datetime as dt

import pytest
from django.test import override_settings

from processes.notice import NoticeTooEarly, NoticeTooLate, check_move_out, earliest_end, nth_working_day

D = dt.date


@pytest.mark.parametrize(
    ("received", "state", "expected"),
    [
        # 1 May 2026 is a Friday and a holiday: the third working day is Wednesday 6 May.
        (D(2026, 5, 6), "BE", D(2026, 7, 31)),
        (D(2026, 5, 7), "BE", D(2026, 8, 31)),
        # 3 Oct 2025 (Friday, Tag der Deutschen Einheit): 1, 2 and then Monday 6 Oct.
        (D(2025, 10, 6), "BE", D(2025, 12, 31)),
        (D(2025, 10, 7), "BE", D(2026, 1, 31)),
        # New Year on a Friday (2027): Monday 4, Tuesday 5, Wednesday 6 January in Berlin ...
        (D(2027, 1, 6), "BE", D(2027, 3, 31)),
        # ... but 6 January is a holiday in Bavaria: there the third working day is the 7th.
        (D(2027, 1, 6), "BY", D(2027, 3, 31)),
        (D(2027, 1, 7), "BY", D(2027, 3, 31)),
        (D(2027, 1, 7), "BE", D(2027, 4, 30)),
        # A month starting on a weekend (August 2026): the notice of Saturday 1 August is in time.
        (D(2026, 8, 1), "BE", D(2026, 10, 31)),
        (D(2026, 8, 5), "BE", D(2026, 10, 31)),
        (D(2026, 8, 6), "BE", D(2026, 11, 30)),
        # Saturday is no working day (BGH VIII ZR 206/04): in January 2026 the 2nd (Friday), 5th and
        # 6th count, so a notice of Tuesday 6 January is still in time.
        (D(2026, 1, 6), "BE", D(2026, 3, 31)),
        # Year end: in time in October ends in December, late in October ends in January.
        (D(2026, 10, 5), "BE", D(2026, 12, 31)),
        (D(2026, 10, 6), "BE", D(2027, 1, 31)),
        (D(2026, 11, 4), "BE", D(2027, 1, 31)),
        # February: 28 days, and 29 in a leap year.
        (D(2026, 12, 3), "BE", D(2027, 2, 28)),
        (D(2026, 11, 5), "BE", D(2027, 2, 28)),
        (D(2027, 12, 3), "BE", D(2028, 2, 29)),
        (D(2027, 12, 6), "BE", D(2028, 3, 31)),
    ],
)
def test_earliest_end(received, state, expected):
    assert earliest_end(received, state=state) == expected


def test_the_third_working_day_skips_holidays_and_weekends():
    assert nth_working_day(2026, 5, 3, state="BE") == D(2026, 5, 6)
    assert nth_working_day(2026, 1, 3, state="BY") == D(2026, 1, 7)


@override_settings(NOTICE_PERIOD_MONTHS=3, NOTICE_CUTOFF_WORKING_DAY=1)
def test_the_period_follows_the_settings():
    # Another contract: three months, received by the first working day.
    assert earliest_end(D(2026, 6, 1), state="BE") == D(2026, 9, 30)
    assert earliest_end(D(2026, 6, 2), state="BE") == D(2026, 10, 31)


def test_a_date_before_the_lawful_one_is_explained():
    with pytest.raises(NoticeTooEarly) as refused:
        check_move_out(D(2026, 7, 15), received=D(2026, 5, 6), state="BE")
    assert refused.value.earliest == D(2026, 7, 31)
    assert "frühestens zum 31. Juli 2026" in str(refused.value.message)


def test_an_earlier_end_may_be_asked_for_but_not_one_in_the_past():
    assert check_move_out(D(2026, 6, 15), received=D(2026, 5, 6), state="BE", early_release=True) == D(
        2026, 7, 31
    )
    with pytest.raises(NoticeTooEarly):
        check_move_out(D(2026, 5, 1), received=D(2026, 5, 6), state="BE", early_release=True)


def test_a_later_date_is_fine_but_not_years_ahead():
    assert check_move_out(D(2026, 12, 31), received=D(2026, 5, 6), state="BE") == D(2026, 7, 31)
    with pytest.raises(NoticeTooLate):
        check_move_out(D(2030, 1, 31), received=D(2026, 5, 6), state="BE")
