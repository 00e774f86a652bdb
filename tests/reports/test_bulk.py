"""The set-based rebuild on PostgreSQL (reports/bulk.py) writes the same summary rows and the same daily
rollup as the row-by-row one (reports.facts.fact_values), on timelines at their edges: weekends and
holidays, a night between, a reopened ticket, two releases, a rejection after completion, an appointment
moved, replies that do and do not count, a ticket without a unit, one without any timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from reports import bulk, rollup
from reports.facts import rebuild_in_python
from reports.models import ReportDay, ReportHours, TicketFact
from tests.factories import PropertyFactory, TicketEventFactory, TicketFactory, UnitFactory
from tickets.models import Ticket, TicketEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based rebuild is PostgreSQL's"),
]
BERLIN = ZoneInfo("Europe/Berlin")
# Thursday before Good Friday 2025 (18 April, a holiday in every state), then Easter Monday (21 April).
THURSDAY = dt.datetime(2025, 4, 17, 14, 30, tzinfo=BERLIN)

STATUS, MESSAGE, CONTRACTOR = TicketEvent.Kind.STATUS, TicketEvent.Kind.MESSAGE, TicketEvent.Kind.CONTRACTOR


def at(hours: float) -> dt.datetime:
    return THURSDAY + dt.timedelta(hours=hours)


def status(hours, old, new):
    return (STATUS, hours, {"old": old, "new": new})


TIMELINES = {
    "done over the Easter holidays": [
        (MESSAGE, 0.5, {"message_kind": "internal"}),
        (MESSAGE, 1, {"message_kind": "public"}),
        status(2, "open", "released"),
        (CONTRACTOR, 20, {"step": "accepted"}),
        (CONTRACTOR, 21, {"step": "appointment", "at": at(24 * 5).isoformat()}),
        (CONTRACTOR, 22, {"step": "appointment", "at": at(24 * 6 + 1).isoformat()}),
        status(24 * 6 + 3, "in_progress", "done"),
    ],
    "reopened and done again": [
        status(1, "open", "done"),
        status(30, "done", "open"),
        status(60, "open", "released"),
        status(90, "released", "done"),
    ],
    "released twice, accepted after the second": [
        status(1, "open", "released"),
        (CONTRACTOR, 2, {"step": "accepted"}),
        status(3, "released", "open"),
        status(50, "open", "released"),
        (CONTRACTOR, 75, {"step": "appointment", "at": at(100).isoformat()}),
    ],
    "rejected after completion": [status(1, "open", "done"), status(5, "done", "rejected")],
    "reopened and left open": [status(1, "open", "rejected"), status(2, "rejected", "open")],
    "answered at night, e-mail out": [(MESSAGE, 10, {"message_kind": "email_out"})],
    "nothing yet": [],
}


def make(name: str, steps: list, *, unit: bool = True) -> Ticket:
    place = UnitFactory() if unit else None
    ticket = TicketFactory(
        property=place.building.property if place else PropertyFactory(),
        unit=place,
        respond_by=at(20),
        due_at=at(24 * 6),
        description=name,
    )
    Ticket.objects.filter(pk=ticket.pk).update(created_at=THURSDAY)
    for kind, hours, data in steps:
        event = TicketEventFactory(ticket=ticket, kind=kind, data=data)
        TicketEvent.objects.filter(pk=event.pk).update(created_at=at(hours))
    return ticket


def snapshot() -> tuple[dict, list]:
    facts = {f.ticket_id: model_to_dict(f) for f in TicketFact.objects.all()}
    days = sorted(ReportDay.objects.values_list("day", "team_id", "category_id", "channel", *rollup.COUNTS))
    hours = sorted(ReportHours.objects.values_list("day", "team_id", "category_id", "phase", "bucket", "n"))
    return facts, days + hours


def test_the_set_based_rebuild_writes_what_the_timeline_rules_say():
    tickets = {name: make(name, steps) for name, steps in TIMELINES.items()}
    make("without a unit", TIMELINES["done over the Easter holidays"], unit=False)
    rebuild_in_python()
    by_row, by_row_days = snapshot()
    TicketFact.objects.all().delete()
    ReportDay.objects.all().delete()
    ReportHours.objects.all().delete()

    assert bulk.rebuild_facts() == len(TIMELINES) + 1
    bulk.rebuild_days()
    bulk.rebuild_hours()

    by_set, by_set_days = snapshot()
    assert by_set == by_row
    assert by_set_days == by_row_days
    easter = by_set[tickets["done over the Easter holidays"].pk]
    # Thursday 14:30 to the next Wednesday 17:30: Thursday 1.5 h, Tuesday 8 h, Wednesday 8 h.
    assert easter["hours_to_done"] == 17.5
    assert by_set[tickets["reopened and done again"].pk]["reopened_count"] == 1


def test_a_rebuild_of_some_tickets_leaves_the_others():
    first, second = make("a", TIMELINES["rejected after completion"]), make("b", [])
    rebuild_in_python()
    TicketFact.objects.filter(pk=second.pk).update(status="stale")
    assert bulk.rebuild_facts([first.pk]) == 1
    assert TicketFact.objects.get(pk=second.pk).status == "stale"
