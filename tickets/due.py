"""Due times: an emergency runs on the clock, everything else on working hours without public holidays."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

from catalogs.models import Priority

# (respond within, resolve within) in hours; clock hours for emergencies, working hours otherwise.
PRIORITY_HOURS: dict[str, tuple[int, int]] = {
    Priority.EMERGENCY: (2, 24),
    Priority.HIGH: (4, 16),
    Priority.NORMAL: (16, 80),
    Priority.LOW: (40, 160),
}


@lru_cache(maxsize=64)
def _holidays(state: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=state, years=year)


def is_working_day(day: date, state: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(state, day.year)


def add_working_days(start: date, days: int, *, state: str) -> date:
    """The working day `days` working days after (negative: before) `start`, skipping weekends and the
    public holidays of that German state. Zero days is `start` itself, moved onto the next working day."""
    step = 1 if days >= 0 else -1
    current = start
    if days == 0:
        while not is_working_day(current, state):
            current += timedelta(days=1)
        return current
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, state):
            remaining -= 1
    return current


def add_working_hours(start: datetime, hours: float, *, state: str) -> datetime:
    """`start` plus `hours` of working time (WORKING_HOURS on working days of that German state)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    first, last = settings.WORKING_HOURS
    current = timezone.localtime(start, tz)
    remaining = timedelta(hours=hours)
    while True:
        day = current.date()
        opens = datetime.combine(day, time(first), tzinfo=tz)
        closes = datetime.combine(day, time(last), tzinfo=tz)
        if not is_working_day(day, state) or current >= closes:
            current = datetime.combine(day + timedelta(days=1), time(first), tzinfo=tz)
            continue
        current = max(current, opens)
        available = closes - current
        if remaining <= available:
            return current + remaining
        remaining -= available
        current = datetime.combine(day + timedelta(days=1), time(first), tzinfo=tz)


def due_times(*, priority: str, state: str, start: datetime, respond_hours=None, resolve_hours=None):
    """(respond_by, due_at) for a ticket reported at `start`; the item's own hours win over the defaults."""
    default_respond, default_resolve = PRIORITY_HOURS[priority]
    respond = respond_hours or default_respond
    resolve = resolve_hours or default_resolve
    if priority == Priority.EMERGENCY:
        return start + timedelta(hours=respond), start + timedelta(hours=resolve)
    return add_working_hours(start, respond, state=state), add_working_hours(start, resolve, state=state)
