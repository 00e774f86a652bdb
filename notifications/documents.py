"""A tenant asks for a document (Mietbescheinigung, Betriebskostenabrechnung): met in the way the catalog
item says — staff print and post it, the nightly batch prints it, or the tenant downloads it at once."""

import uuid

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from catalogs.models import DocumentDelivery
from estate.models import Document
from tickets import workflow
from tickets.actors import Actor
from tickets.errors import InvalidTicket
from tickets.models import Ticket
from tickets.status import Status

from . import printing, rules
from .emails import Rendered
from .letters.outbox import document_letter
from .models import OutboxMessage, PrintBatch
from .services import outbox_enqueue


def available_for(ticket: Ticket) -> Document | None:
    """The newest document of the requested kind that the reporter may download, if there is one."""
    kind = ticket.item.document_kind
    if not kind or ticket.reporter_id is None:
        return None
    return Document.objects.filter(party_id=ticket.reporter_id, kind=kind).order_by("-created_at").first()


def document_request_on_create(ticket: Ticket) -> None:
    """Called by ticket_create in its transaction: the batch and download ways start at once."""
    delivery = ticket.item.document_delivery
    if delivery == DocumentDelivery.BATCH and ticket.reporter_id:
        _cover_letter(ticket, key=f"document_cover:{ticket.pk}")
    elif delivery == DocumentDelivery.DOWNLOAD:
        document = available_for(ticket)
        if document is not None:
            workflow.change_status(
                ticket,
                to=Status.DONE,
                actor=Actor.system(),
                reason=_("„%(title)s“ steht im Mieterportal unter „Meine Dokumente“ zum Download bereit.")
                % {"title": document.title},
            )


@transaction.atomic
def document_request_print(*, ticket: Ticket, actor: Actor) -> PrintBatch:
    """Staff print the cover letter at the desk (a batch of one, rendered right after commit) and post it
    with the document; the tenant hears by e-mail that it is on its way."""
    if ticket.reporter is None:
        raise InvalidTicket(_("Für diese Meldung ist keine Person mit Postanschrift hinterlegt."))
    # Each press prints anew: a letter lost in the post can be sent again.
    message = _cover_letter(ticket, key=f"document_print:{ticket.pk}:{uuid.uuid4().hex}")
    batch = printing.print_batch_create(
        created_by=actor.user, message_ids=[message.pk], with_cover=False, enqueue=False
    )
    if batch is None:
        raise InvalidTicket(_("Für diese Person ist keine Postanschrift hinterlegt."))
    recipient = rules.for_reporter(ticket)
    if recipient is not None and recipient.channel == OutboxMessage.Channel.EMAIL:
        rules.tell(
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


def _cover_letter(ticket: Ticket, *, key: str) -> OutboxMessage:
    party = ticket.reporter
    with translation.override(party.language):
        title = ticket.item.label
        subject = _("Ihre angeforderte Unterlage: %(title)s") % {"title": title}
    return outbox_enqueue(
        idempotency_key=key,
        kind="document_cover",
        channel=OutboxMessage.Channel.LETTER,
        rendered=Rendered(subject=subject, text=subject + "\n", html=""),
        recipient_address="",
        recipient_party=party,
        language=party.language,
        ticket=ticket,
        letter=document_letter(title=title),
    )
