"""Comments from the house: residents and caretakers who may see a public ticket add what they know
("the light in the cellar is out on the 2nd floor too"); everyone who may see the ticket reads them, and
staff take one down when it does not belong there."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import InvalidTicket, TicketError, TransitionNotAllowed
from .models import Message, Ticket, TicketEvent, Visibility
from .search import refresh_search_vector
from .timeline import record


class TicketNotFound(TicketError):
    """The ticket is not there for this person: the page answers 404, as for any ticket they may not see."""

    default_message = _("Diese Meldung gibt es nicht.")


def may_comment(ticket: Ticket, actor: Actor) -> bool:
    """A resident or caretaker who may see this public ticket; its visibility is asked of the one door."""
    if actor.kind != "resident" or actor.party is None or actor.user is None:
        return False
    if ticket.visibility != Visibility.PUBLIC:
        return False
    return Ticket.objects.visible_to(actor.user).filter(pk=ticket.pk).exists()


@transaction.atomic
def comment_add(*, ticket: Ticket, actor: Actor, body: str) -> Message:
    """Raises TicketNotFound for anyone who may not comment (a private ticket, someone who cannot see
    it) and InvalidTicket for an empty text or a closed ticket; nothing is stored then."""
    if not may_comment(ticket, actor):
        raise TicketNotFound()
    if not body.strip():
        raise InvalidTicket(_("Der Kommentar ist leer."))
    if not ticket.is_open:
        raise InvalidTicket(_("Diese Meldung ist abgeschlossen; Kommentare sind nicht mehr möglich."))
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.RESIDENT,
        author=actor.user,
        author_party=actor.party,
        author_label=actor.label,
        body=body.strip(),
    )
    record(
        ticket,
        kind=TicketEvent.Kind.MESSAGE,
        actor=actor,
        is_public=True,
        message_id=message.pk,
        message_kind=Message.Kind.RESIDENT,
    )
    refresh_search_vector([ticket.pk])
    return message


@transaction.atomic
def comment_hide(*, message: Message, actor: Actor, reason: str = "") -> Message:
    """Staff take a resident's comment down: residents no longer see it, staff still do, and the
    timeline says who did it and why. Idempotent."""
    if not actor.is_staff:
        raise TransitionNotAllowed()
    if message.kind != Message.Kind.RESIDENT:
        raise InvalidTicket(_("Nur Kommentare aus dem Haus können ausgeblendet werden."))
    updated = Message.objects.filter(pk=message.pk, hidden=False).update(hidden=True)
    message.hidden = True
    if updated:
        record(
            message.ticket,
            kind=TicketEvent.Kind.COMMENT_HIDDEN,
            actor=actor,
            message_id=message.pk,
            author=message.author_label,
            reason=reason.strip(),
        )
    return message
