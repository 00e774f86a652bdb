"""The earliest lawful end of a notice and the allowed start of a booking, at their edges."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from subscriptions.dates import add_months, check_end, check_start, earliest_end

D = dt.date


def test_a_month_on_the_31st_ends_on_the_last_day_of_a_short_month():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2027, 11, 15), 3) == D(2028, 2, 15)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (D(2027, 3, 1), D(2027, 6, 30)),  # three months from 1 March: the end of June
        (D(2027, 3, 31), D(2027, 6, 30)),
        (D(2027, 4, 1), D(2027, 7, 31)),
    ],
)
def test_notice_runs_to_the_end_of_the_month_the_period_reaches(received, expected):
    end = earliest_end(
        starts_on=D(2020, 1, 1), received_on=received, notice_months=3, minimum_term_months=0, monthly=True
    )
    assert end == expected


def test_the_minimum_term_wins_over_a_short_notice():
    end = earliest_end(
        starts_on=D(2027, 1, 1),
        received_on=D(2027, 2, 10),
        notice_months=1,
        minimum_term_months=12,
        monthly=True,
    )
    assert end == D(2027, 12, 31)


def test_start_must_be_a_first_of_a_month_and_not_in_the_past():
    today = D(2027, 5, 10)
    check_start(D(2027, 6, 1), today=today, monthly=True)
    with pytest.raises(ValidationError, match="Vergangenheit"):
        check_start(D(2027, 5, 1), today=today, monthly=True)
    with pytest.raises(ValidationError, match="Ersten eines Monats"):
        check_start(D(2027, 6, 2), today=today, monthly=True)
    check_start(D(2027, 6, 2), today=today, monthly=False)
    with pytest.raises(ValidationError, match="12 Monate"):
        check_start(D(2028, 7, 1), today=today, monthly=True)


def test_an_end_before_the_earliest_or_not_at_a_months_end_is_refused():
    check_end(D(2027, 8, 31), earliest=D(2027, 7, 31), monthly=True)
    with pytest.raises(ValidationError, match="Frühestes Ende"):
        check_end(D(2027, 6, 30), earliest=D(2027, 7, 31), monthly=True)
    with pytest.raises(ValidationError, match="Letzten eines Monats"):
        check_end(D(2027, 8, 15), earliest=D(2027, 7, 31), monthly=True)
