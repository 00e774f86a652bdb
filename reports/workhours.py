"""Working-hour arithmetic for the reports, on the same calendar as due times (tickets.due): working days
of the property's German state, WORKING_HOURS each day, the clock stopped at night, weekends and holidays."""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from tickets.due import is_working_day


def working_hours_between(start: dt.datetime, end: dt.datetime, *, state: str) -> float:
    """Working hours from `start` to `end` (0 when `end` is not later). The whole days between the two
    come from a per-year count of working days, so a ticket open for years costs no more than one open
    for a day."""
    if end <= start:
        return 0.0
    tz = ZoneInfo(settings.TIME_ZONE)
    first, last = settings.WORKING_HOURS
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)

    def within(day: dt.date, since: dt.datetime, until: dt.datetime) -> float:
        if not is_working_day(day, state):
            return 0.0
        opens = dt.datetime.combine(day, dt.time(first), tzinfo=tz)
        closes = dt.datetime.combine(day, dt.time(last), tzinfo=tz)
        return max((min(until, closes) - max(since, opens)).total_seconds(), 0.0)

    if start.date() == end.date():
        return within(start.date(), start, end) / 3600
    seconds = within(start.date(), start, end) + within(end.date(), start, end)
    between = working_days_before(end.date(), state) - working_days_before(
        start.date() + dt.timedelta(days=1), state
    )
    return (seconds + between * (last - first) * 3600) / 3600


@lru_cache(maxsize=256)
def _year_counts(state: str, year: int) -> tuple[int, ...]:
    """Working days of `year` before each day of it (index: day of the year, from 0), and the year's total."""
    counts, total, day = [], 0, dt.date(year, 1, 1)
    while day.year == year:
        counts.append(total)
        total += is_working_day(day, state)
        day += dt.timedelta(days=1)
    return (*counts, total)


def working_days_before(day: dt.date, state: str) -> int:
    """Working days from 1 January 2000 up to, not including, `day`."""
    return _years_before(state, day.year) + _year_counts(state, day.year)[day.timetuple().tm_yday - 1]


@lru_cache(maxsize=256)
def _years_before(state: str, year: int) -> int:
    return sum(_year_counts(state, y)[-1] for y in range(2000, year))


def working_days_since(day: dt.date, today: dt.date, *, state: str) -> int:
    """Age in working days: the working days after `day` up to and including `today`."""
    count, current = 0, day + dt.timedelta(days=1)
    while current <= today:
        count += is_working_day(current, state)
        current += dt.timedelta(days=1)
    return count


def first_day_at_most(days: int, today: dt.date, *, state: str) -> dt.date:
    """The earliest date whose age in working days is at most `days`: a ticket reported on or after it
    is at most that old. Lets an age bucket become a plain range over the indexed report date."""
    count, current = 0, today
    while True:
        previous = current - dt.timedelta(days=1)
        if is_working_day(current, state):
            count += 1
        if count > days:
            return current
        current = previous


def first_working_day_of_month(day: dt.date, *, state: str) -> dt.date:
    current = day.replace(day=1)
    while not is_working_day(current, state):
        current += dt.timedelta(days=1)
    return current
