"""The timeline: every change to a ticket is one TicketEvent, and recording it is how the ticket domain
announces the change (`signals.event_recorded`). Whoever cares reacts inside the same transaction; the
ticket domain itself never knows who listens."""

from .actors import Actor
from .models import Ticket, TicketEvent
from .signals import event_recorded


def record(ticket: Ticket, *, kind: str, actor: Actor, is_public: bool = False, **data) -> TicketEvent:
    """Write one timeline row and announce it. The event carries the ticket object it was recorded on, so
    receivers read the state just saved without loading it again."""
    # Who wrote it, by kind, so every page names them right (a co-tenant by link is no contractor).
    data.setdefault("actor_kind", actor.kind)
    event = TicketEvent.objects.create(
        ticket=ticket, kind=kind, is_public=is_public, data=data, **actor.event_fields()
    )
    event_recorded.send(sender=TicketEvent, event=event)
    return event
