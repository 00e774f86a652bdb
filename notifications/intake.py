"""Neue Meldung taken in by staff (phone, counter, letter, or an e-mail waiting in the mailbox): one
transaction for the ticket and, where it came by mail, the mail filed as its origin. It lives here, above
tickets, because filing a mail is this app's business."""

from django.db import transaction

from catalogs.models import CatalogItem
from estate.models import Party, Property, Unit
from tickets.actors import Actor
from tickets.models import Ticket
from tickets.services import ticket_create

from .inbound import inbound_mail_file
from .models import InboundMail


@transaction.atomic
def intake_create(
    *,
    actor: Actor,
    item: CatalogItem,
    prop: Property,
    description: str,
    channel: str,
    unit: Unit | None = None,
    common_area: str = "",
    location_note: str = "",
    priority: str | None = None,
    reporter: Party | None = None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    subject_party: Party | None = None,
    mail: InboundMail | None = None,
) -> Ticket:
    """A ticket a case worker files for someone. A person from our master data is reached through it, so
    a name or contact typed beside it is not kept; a unit makes a common area moot. A mail from the
    mailbox is filed as the ticket's origin: both stand or fall together, so the mail never waits in the
    mailbox for a ticket that exists, nor is it filed to one that was not created."""
    ticket = ticket_create(
        actor=actor,
        item=item,
        prop=prop,
        unit=unit,
        common_area="" if unit else common_area,
        location_note=location_note,
        description=description,
        channel=channel,
        priority=priority or None,
        reporter=reporter,
        reporter_name="" if reporter else reporter_name,
        reporter_email="" if reporter else reporter_email,
        reporter_phone="" if reporter else reporter_phone,
        subject_party=subject_party,
    )
    if mail is not None:
        inbound_mail_file(mail=mail, ticket=ticket, actor=actor, as_message=False)
    return ticket
