"""The summary row per ticket (TicketFact): which phase was reached when, and how long it took in working
hours. `fact_values` is pure (a ticket's timeline in, the row's values out); the receiver rewrites a
ticket's row whenever a timeline row that moves a phase is recorded, inside the same transaction, and
`rebuild` fills the table in bulk for data that arrived without the timeline (imports, the benchmark).
What derives from these rows (the daily rollup, the ratings' copy) follows them in reports/rollup.py."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from tickets.models import Message, Ticket, TicketEvent
from tickets.status import Status

from . import bulk, repeats, rollup
from .models import Feedback, ReportDay, ReportHours, TicketFact
from .workhours import working_hours_between

# Timeline rows that can move a phase; every other kind leaves the row as it is.
PHASE_KINDS = {
    TicketEvent.Kind.CREATED,
    TicketEvent.Kind.STATUS,
    TicketEvent.Kind.MESSAGE,
    TicketEvent.Kind.CONTRACTOR,
    TicketEvent.Kind.ASSIGNED,
}
# Timeline rows after which the row is rewritten: those that move a phase, and those that may change what
# the row copies from the ticket (its team, place, item, due times).
REFRESH_KINDS = PHASE_KINDS | {
    TicketEvent.Kind.PRIORITY,
    TicketEvent.Kind.DUE,
    TicketEvent.Kind.DATA_CHANGE,
}
# A reply the tenant reads counts as the first response, as does any status move.
RESPONSE_MESSAGES = {Message.Kind.PUBLIC, Message.Kind.EMAIL_OUT}


@dataclass(frozen=True)
class Step:
    """The part of a timeline row the phases need."""

    kind: str
    at: dt.datetime
    data: dict


def fact_values(ticket: Ticket, steps: Iterable[Step], *, state: str) -> dict:
    """The TicketFact columns for `ticket` from its timeline, oldest row first.

    A reopened ticket counts from its report to its last completion; its earlier completion is kept only
    as the reopening's date. The contractor's acceptance and appointment are the latest release's.
    """
    first_response = released = accepted = appointment = done = rejected = reopened = None
    reopened_count = 0
    for step in steps:
        if step.kind == TicketEvent.Kind.STATUS:
            old, new = step.data.get("old"), step.data.get("new")
            first_response = first_response or step.at
            if new == Status.RELEASED:
                released = released or step.at
                accepted = appointment = None
            elif new == Status.DONE:
                done, rejected = step.at, None
            elif new == Status.REJECTED:
                rejected, done = step.at, None
            elif new == Status.OPEN and old in Status.closed():
                reopened, reopened_count, done, rejected = step.at, reopened_count + 1, None, None
        elif step.kind == TicketEvent.Kind.MESSAGE:
            if step.data.get("message_kind") in RESPONSE_MESSAGES:
                first_response = first_response or step.at
        elif step.kind == TicketEvent.Kind.CONTRACTOR:
            if step.data.get("step") in {"accepted", "appointment"}:
                accepted = accepted or step.at
            if step.data.get("step") == "appointment" and step.data.get("at"):
                appointment = dt.datetime.fromisoformat(step.data["at"])

    start = ticket.created_at

    def hours(since, until):
        return (
            None
            if since is None or until is None
            else round(working_hours_between(since, until, state=state), 2)
        )

    unit = ticket.unit
    return {
        "created_at": start,
        "property_id": ticket.property_id,
        "building_id": unit.building_id if unit is not None else None,
        "unit_id": ticket.unit_id,
        "item_id": ticket.item_id,
        "category_id": ticket.category_id,
        "team_id": ticket.team_id,
        "contractor_id": ticket.contractor_id,
        "channel": ticket.channel,
        "status": ticket.status,
        "first_response_at": first_response,
        "released_at": released,
        "accepted_at": accepted,
        "appointment_at": appointment,
        "done_at": done,
        "rejected_at": rejected,
        "reopened_at": reopened,
        "reopened_count": reopened_count,
        "hours_to_response": hours(start, first_response),
        "hours_to_release": hours(start, released),
        "hours_to_accept": hours(released, accepted),
        "hours_to_appointment": hours(released, appointment),
        "hours_to_done": hours(start, done),
        "responded_in_time": None
        if first_response is None or ticket.respond_by is None
        else first_response <= ticket.respond_by,
        "done_in_time": None if done is None or ticket.due_at is None else done <= ticket.due_at,
    }


def _steps(rows) -> list[Step]:
    return [Step(kind=kind, at=at, data=data or {}) for kind, at, data in rows]


def refresh(ticket: Ticket) -> None:
    """Rewrite one ticket's row from its timeline, and move its counts in the daily rollup, its rating's
    copy, its hour buckets and the repeat links of its place along with it (seven queries at most)."""
    rows = TicketEvent.objects.filter(ticket=ticket, kind__in=PHASE_KINDS).order_by("created_at", "id")
    steps = _steps(rows.values_list("kind", "created_at", "data"))
    values = fact_values(ticket, steps, state=ticket.property.state)
    # The row lock keeps two transactions refreshing the same ticket from shifting the rollup twice.
    old = (
        TicketFact.objects.select_for_update()
        .filter(pk=ticket.pk)
        .values(*{*rollup.DAY_FIELDS, *rollup.FEEDBACK_FIELDS, *repeats.KEY_FIELDS})
        .first()
    )
    if old is None:
        TicketFact.objects.create(ticket_id=ticket.pk, **values)
    else:
        TicketFact.objects.filter(pk=ticket.pk).update(**values)
    repeats.relink(ticket.pk, old=old, new=values)
    rollup.shift(old=old, new=values)
    if old is not None and any(old[f] != values[f] for f in rollup.FEEDBACK_FIELDS):
        Feedback.objects.filter(ticket_id=ticket.pk).update(**{f: values[f] for f in rollup.FEEDBACK_FIELDS})


def on_event_recorded(sender, *, event: TicketEvent, **kwargs) -> None:
    if event.kind in REFRESH_KINDS:
        refresh(event.ticket)


def rebuild(*, chunk: int = 5000, ticket_ids: Iterable[int] | None = None, log=None) -> int:
    """Fill the table for every ticket (or `ticket_ids`), and derive the daily rollup and the ratings'
    copies from it. PostgreSQL does it set-based (reports/bulk.py); elsewhere a chunk at a time in Python:
    three queries and one bulk upsert per chunk, memory flat."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            done = bulk.rebuild_facts(ticket_ids)
            repeats.relink_all()
            if log:
                log(f"{done} tickets")
            days = bulk.rebuild_days()
            bulk.rebuild_hours()
            rollup.copy_to_feedback()
        if log:
            log(f"{days} rollup rows")
        return done
    return rebuild_in_python(chunk=chunk, ticket_ids=ticket_ids, log=log)


def rebuild_in_python(*, chunk: int = 5000, ticket_ids: Iterable[int] | None = None, log=None) -> int:
    tickets = (
        Ticket.objects.select_related("property", "unit")
        .only(
            "created_at",
            "property__state",
            "unit__building",
            "item_id",
            "category_id",
            "team_id",
            "contractor_id",
            "channel",
            "status",
            "respond_by",
            "due_at",
            "property_id",
            "unit_id",
        )
        .order_by("pk")
    )
    if ticket_ids is not None:
        tickets = tickets.filter(pk__in=list(ticket_ids))
    done, last = 0, 0
    while True:
        batch = list(tickets.filter(pk__gt=last)[:chunk])
        if not batch:
            break
        last = batch[-1].pk
        by_ticket: dict[int, list] = {t.pk: [] for t in batch}
        events = (
            TicketEvent.objects.filter(ticket_id__in=by_ticket, kind__in=PHASE_KINDS)
            .order_by("ticket_id", "created_at", "id")
            .values_list("ticket_id", "kind", "created_at", "data")
        )
        for ticket_id, *row in events.iterator(chunk_size=20000):
            by_ticket[ticket_id].append(row)
        facts = [
            TicketFact(ticket_id=t.pk, **fact_values(t, _steps(by_ticket[t.pk]), state=t.property.state))
            for t in batch
        ]
        fields = [f.name for f in TicketFact._meta.concrete_fields if not f.primary_key]
        with transaction.atomic():
            TicketFact.objects.bulk_create(
                facts, update_conflicts=True, unique_fields=["ticket"], update_fields=fields
            )
        done += len(facts)
        if log:
            log(f"{done} tickets")
    # What derives from the summary rows follows in one pass each.
    with transaction.atomic():
        repeats.relink_all()
        days = rollup.rebuild_days(TicketFact, ReportDay)
        rollup.rebuild_hours(TicketFact, ReportHours)
        rollup.copy_to_feedback()
    if log:
        log(f"{days} rollup rows")
    return done
