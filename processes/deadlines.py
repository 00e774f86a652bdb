"""Fristen of process steps: working days over weekends and the public holidays of the property's German
state (tickets.due), counted from the step's start, the process's start, or a date in the process data
(the move-out date), with an offset that may be negative ("10 working days before moving out")."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date

from tickets.due import add_working_days

from .models import DeadlineFrom, Process, StepKind, StepTemplate


def holiday_state(process: Process) -> str:
    prop = process.ticket.property
    return getattr(prop, "state", "") or settings.DEFAULT_HOLIDAY_STATE


def _anchor(process: Process, step: StepTemplate, started: dt.datetime) -> dt.date | None:
    if step.deadline_from == DeadlineFrom.PROCESS:
        return timezone.localdate(process.started_at or started)
    if step.deadline_from == DeadlineFrom.DATE:
        value = (process.data or {}).get(step.deadline_field)
        if isinstance(value, dt.date):
            return value
        return parse_date(value) if isinstance(value, str) else None
    return timezone.localdate(started)


def step_due_at(process: Process, step: StepTemplate, *, started: dt.datetime) -> dt.datetime | None:
    """When the step falls due: the end of working hours on the day found, or for a wait step the start
    of that day's working hours (the wait is over that morning). None: no deadline (none set, or the
    date it counts from is not known yet)."""
    if step.deadline_days is None:
        return None
    anchor = _anchor(process, step, started)
    if anchor is None:
        return None
    day = add_working_days(anchor, step.deadline_days, state=holiday_state(process))
    first, last = settings.WORKING_HOURS
    hour = first if step.kind == StepKind.WAIT else last
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
