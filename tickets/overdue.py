"""Überfällig: the one place that decides whether a ticket is overdue and the one place that sets the flag.
Becoming overdue is a timeline row (OVERDUE), and the timeline's subscribers warn the assignee and later
escalate to the team lead; a new due time or closing the ticket clears the flag."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .actors import Actor
from .models import Ticket, TicketEvent
from .status import Status
from .timeline import record


def is_overdue(ticket: Ticket, *, now: dt.datetime | None = None) -> bool:
    """The predicate; `Ticket.objects.overdue(now)` is the same rule in SQL."""
    return (
        ticket.status in Status.active()
        and ticket.due_at is not None
        and ticket.due_at < (now or timezone.now())
    )


def _flag(tickets: list[Ticket]) -> None:
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(is_overdue=True)
    for ticket in tickets:
        ticket.is_overdue = True
        record(ticket, kind=TicketEvent.Kind.OVERDUE, actor=Actor.system(), due_at=ticket.due_at.isoformat())


def overdue_refresh(ticket: Ticket, *, now: dt.datetime | None = None) -> None:
    """Bring one ticket's flag in line with the predicate after its status or due time changed."""
    overdue = is_overdue(ticket, now=now)
    if overdue and not ticket.is_overdue:
        _flag([ticket])
    elif ticket.is_overdue and not overdue:
        Ticket.objects.filter(pk=ticket.pk).update(is_overdue=False)
        ticket.is_overdue = False


def mark_overdue_tickets(*, now=None, batch_size: int = 500) -> int:
    """The scheduled check: every open ticket past its due time is flagged, once, with its row."""
    now = now or timezone.now()
    marked = 0
    while True:
        with transaction.atomic():
            # SKIP LOCKED lets two beat runs or workers share the work without waiting on each other.
            tickets = list(
                Ticket.objects.overdue(now)
                .filter(is_overdue=False)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("assignee", "team__lead", "item", "property", "unit__building")[:batch_size]
            )
            if not tickets:
                return marked
            _flag(tickets)
            marked += len(tickets)
