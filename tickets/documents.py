"""A tenant asks for a document (Mietbescheinigung, Betriebskostenabrechnung), met in the way the catalog
item says: staff print and post it, the nightly batch prints it, or the tenant downloads it at once. The
ticket side lives here; the cover letters are written by notifications when it sees the request's row."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from catalogs.models import DocumentDelivery
from estate.models import Document

from . import workflow
from .actors import Actor
from .models import Ticket
from .status import Status

# The extra question that asks for which year (Abrechnungsjahr) is recognised by its key.
YEAR_KEYS = ("jahr", "year", "abrechnungsjahr")


def requested_year(ticket: Ticket) -> int | None:
    """The year the tenant asked for, if the item asks for one and the answer is a year."""
    for key in YEAR_KEYS:
        value = (ticket.answers or {}).get(key)
        if value in (None, ""):
            continue
        try:
            year = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return int(year) if year == year.to_integral_value() and 1900 <= year <= 2999 else None
    return None


def available_for(ticket: Ticket) -> Document | None:
    """The reporter's document of the requested kind, of the year asked for where a year was asked (the
    newest one otherwise); None when there is none, and then staff take the request."""
    kind = ticket.item.document_kind
    if not kind or ticket.reporter_id is None:
        return None
    documents = Document.objects.filter(party_id=ticket.reporter_id, kind=kind)
    year = requested_year(ticket)
    if year is not None:
        documents = documents.filter(year=year)
    elif any((ticket.answers or {}).get(key) not in (None, "") for key in YEAR_KEYS):
        return None  # a year was asked for in words we cannot read: a case worker looks
    return documents.order_by("-created_at", "-id").first()


def document_request_on_create(ticket: Ticket) -> None:
    """Called by ticket_create in its transaction: a document that already exists closes the request at
    once, pointing the tenant to their documents. Where none exists (for the year asked) the request
    stays open for staff."""
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


def building_recipients(building_id: int):
    """Who gets a document published for a whole building (the house rules, a notice of works): its
    current tenants."""
    from estate.models import Party, Tenancy

    tenancies = Tenancy.objects.current().filter(unit__building_id=building_id)
    return Party.objects.filter(pk__in=tenancies.values("party_id"))


def document_requests_fulfil(document: Document) -> list[Ticket]:
    """A document arrived (the ERP pushed the year's statements): the party's open requests for a
    document of this kind that they may download are done, each pointing to "Meine Dokumente". Called in
    the transaction that stores the document."""
    pending = Ticket.objects.select_related("item").filter(
        reporter_id=document.party_id,
        status__in=Status.active(),
        item__document_delivery=DocumentDelivery.DOWNLOAD,
        item__document_kind=document.kind,
    )
    done = []
    for ticket in pending:
        if document.kind and available_for(ticket) is not None:
            workflow.change_status(
                ticket,
                to=Status.DONE,
                actor=Actor.system(),
                reason=_("„%(title)s“ steht im Mieterportal unter „Meine Dokumente“ zum Download bereit.")
                % {"title": document.title},
            )
            done.append(ticket)
    return done
