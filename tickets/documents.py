"""A tenant asks for a document (Mietbescheinigung, Betriebskostenabrechnung), met in the way the catalog
item says: staff print and post it, the nightly batch prints it, or the tenant downloads it at once. The
ticket side lives here; the cover letters are written by notifications when it sees the request's row."""

from django.utils.translation import gettext as _

from catalogs.models import DocumentDelivery
from estate.models import Document

from . import workflow
from .actors import Actor
from .models import Ticket
from .status import Status


def available_for(ticket: Ticket) -> Document | None:
    """The newest document of the requested kind that the reporter may download, if there is one."""
    kind = ticket.item.document_kind
    if not kind or ticket.reporter_id is None:
        return None
    return Document.objects.filter(party_id=ticket.reporter_id, kind=kind).order_by("-created_at").first()


def document_request_on_create(ticket: Ticket) -> None:
    """Called by ticket_create in its transaction: a document that already exists closes the request at
    once, pointing the tenant to their documents."""
    if ticket.item.document_delivery != DocumentDelivery.DOWNLOAD:
        return
    document = available_for(ticket)
    if document is not None:
        workflow.change_status(
            ticket,
            to=Status.DONE,
            actor=Actor.system(),
            reason=_("„%(title)s“ steht im Mieterportal unter „Meine Dokumente“ zum Download bereit.")
            % {"title": document.title},
        )
