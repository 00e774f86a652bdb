"""The letters of a document request (Mietbescheinigung, Betriebskostenabrechnung): the cover letter for
the nightly batch, and staff printing one at the desk. The request itself is ticket work
(`tickets.documents`)."""

import uuid

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tickets.actors import Actor
from tickets.errors import InvalidTicket
from tickets.models import Ticket

from . import printing
from .letters.outbox import document_letter
from .models import OutboxMessage, PrintBatch
from .recipients import for_reporter, tell
from .services import letter_enqueue


@transaction.atomic
def document_request_print(*, ticket: Ticket, actor: Actor) -> PrintBatch:
    """Staff print the cover letter at the desk (a batch of one, rendered right after commit) and post it
    with the document; the tenant hears by e-mail that it is on its way."""
    if ticket.reporter is None:
        raise InvalidTicket(_("Für diese Meldung ist keine Person mit Postanschrift hinterlegt."))
    # Each press prints anew: a letter lost in the post can be sent again.
    message = cover_letter(ticket, key=f"document_print:{ticket.pk}:{uuid.uuid4().hex}")
    batch = printing.print_batch_create(
        created_by=actor.user, message_ids=[message.pk], with_cover=False, enqueue=False
    )
    if batch is None:
        raise InvalidTicket(_("Für diese Person ist keine Postanschrift hinterlegt."))
    recipient = for_reporter(ticket)
    if recipient is not None and recipient.channel == OutboxMessage.Channel.EMAIL:
        tell(
            recipient,
            kind="document_posted",
            key=str(message.pk),
            ticket=ticket,
            compose=lambda: (
                _("Ihre Unterlage kommt per Post"),
                [
                    _("wir haben „%(title)s“ für Sie ausgedruckt und schicken es Ihnen per Post.")
                    % {"title": ticket.item.label},
                ],
            ),
        )
    transaction.on_commit(lambda: printing.print_batch_render(batch_id=batch.pk))
    return batch


def cover_letter(ticket: Ticket, *, key: str) -> OutboxMessage:
    """The letter that goes into the envelope with the requested document."""
    party = ticket.reporter
    with translation.override(party.language):
        title = ticket.item.label
        subject = _("Ihre angeforderte Unterlage: %(title)s") % {"title": title}
    return letter_enqueue(
        idempotency_key=key,
        kind="document_cover",
        party=party,
        subject=subject,
        ticket=ticket,
        letter=document_letter(title=title),
    )
