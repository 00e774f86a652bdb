"""iCalendar files: the calendar apps' format for the staff's own feed (backoffice.calendar) and for the
tenant's booked inspection time (portal.inspection_booking). One door, so both write events alike: times
in UTC, a UID that stays the same for the same appointment, the location and a link back."""

import datetime as dt
from dataclasses import dataclass

import icalendar
from django.utils import timezone


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    day: dt.date | None = None  # an all-day entry (a follow-up date) has a day and no time
    location: str = ""
    url: str = ""
    description: str = ""


def calendar_bytes(events, *, product: str, name: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per event; `product` names who wrote it (PRODID)."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Mieterportal//{product}//DE")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(dt.UTC)
    for entry in events:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        if entry.starts_at is None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
        else:
            event.add("dtstart", entry.starts_at.astimezone(dt.UTC))
            event.add("dtend", (entry.ends_at or entry.starts_at).astimezone(dt.UTC))
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        if entry.description:
            event.add("description", entry.description)
        cal.add_component(event)
    return cal.to_ical()
