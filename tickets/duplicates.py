"""Tickets that belong together: linked (both stay open) or merged as a duplicate (the duplicate is
rejected and its reporter follows the main ticket)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import InvalidTicket, TransitionNotAllowed
from .models import AffectedParty, Ticket, TicketEvent
from .services import ticket_add_affected
from .status import Status
from .timeline import record
from .workflow import change_status, check_version


def _main_ticket(ticket: Ticket) -> Ticket:
    """Follow `duplicate_of` to the ticket the work happens on; a cycle (bad data) stops the walk."""
    seen = {ticket.pk}
    while ticket.duplicate_of_id and ticket.duplicate_of_id not in seen:
        seen.add(ticket.duplicate_of_id)
        ticket = ticket.duplicate_of
    return ticket


@transaction.atomic
def link(ticket: Ticket, *, actor: Actor, to: Ticket, expected_version: int | None = None) -> None:
    """Verknüpfen: two tickets belong together (same cause, same flat) but both stay open; each timeline
    says so, and the link is read back from those rows."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    check_version(ticket, expected_version)
    if to.pk == ticket.pk:
        raise InvalidTicket(_("Eine Meldung kann nicht mit sich selbst verknüpft werden."))
    record(ticket, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=to.pk, reason=to.reference)
    record(to, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=ticket.pk, reason=ticket.reference)


@transaction.atomic
def mark_duplicate(
    ticket: Ticket, *, actor: Actor, of: Ticket, expected_version: int | None = None
) -> Ticket:
    """Als Duplikat ablehnen: the duplicate is rejected with a reason its reporter can read, and that
    reporter follows the main ticket from now on. Returns the main ticket."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    main = _main_ticket(of)
    if main.pk == ticket.pk:
        raise InvalidTicket(_("Eine Meldung kann nicht Duplikat von sich selbst sein."))
    reason = str(_("Duplikat von %(reference)s") % {"reference": main.reference})
    change_status(
        ticket,
        to=Status.REJECTED,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        duplicate_of=main,
    )
    party = ticket.reporter
    if party is not None and party.pk != main.reporter_id:
        if main.visibility == "public" and main.status in Status.active():
            ticket_add_affected(ticket=main, party=party)
        else:
            # ticket_add_affected is the tenant's own "Betrifft mich auch" and rightly refuses private or
            # closed tickets; here a case worker merged the reports, so the reporter follows the main
            # ticket without seeing it (AffectedParty grants no visibility, only updates).
            AffectedParty.objects.get_or_create(ticket=main, party=party)
    record(ticket, kind=TicketEvent.Kind.LINKED, actor=actor, linked_ticket_id=main.pk, reason=reason)
    record(
        main,
        kind=TicketEvent.Kind.LINKED,
        actor=actor,
        linked_ticket_id=ticket.pk,
        reason=str(_("Duplikat %(reference)s zusammengeführt") % {"reference": ticket.reference}),
    )
    return main
