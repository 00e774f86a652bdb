"""The due-time check: open tickets past their due time are marked overdue, once, with a timeline row."""

from django.db import transaction
from django.utils import timezone

from notifications import rules as notify

from .actors import Actor
from .models import Ticket, TicketEvent
from .workflow import record


def mark_overdue_tickets(*, now=None, batch_size: int = 500) -> int:
    now = now or timezone.now()
    marked = 0
    while True:
        with transaction.atomic():
            # SKIP LOCKED lets two beat runs or workers share the work without waiting on each other.
            tickets = list(
                Ticket.objects.overdue(now)
                .filter(is_overdue=False)
                .select_for_update(skip_locked=True)
                .only("id", "due_at", "assignee_id", "team_id")[:batch_size]
            )
            if not tickets:
                return marked
            Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(is_overdue=True)
            for ticket in tickets:
                record(
                    ticket,
                    kind=TicketEvent.Kind.OVERDUE,
                    actor=Actor.system(),
                    due_at=ticket.due_at.isoformat(),
                )
            notify.tickets_overdue(ticket_ids=[t.pk for t in tickets])
            marked += len(tickets)
