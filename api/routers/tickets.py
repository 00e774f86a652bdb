"""Tickets (VERA: onderhoudsverzoeken): the ERP lists what changed, reads one with its public timeline,
reports one for a tenant (channel "api") and writes messages. Everything goes through tickets.services,
as the portal and the back-office do."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja import Status as Reply
from pydantic import field_validator

from catalogs.models import CatalogItem
from estate.models import Party, Property, Unit
from tickets.actors import Actor
from tickets.models import Channel, CommonArea, Message, Ticket, TicketEvent
from tickets.services import message_add, ticket_create
from tickets.status import Status

from .. import cursors, vera
from ..auth import IntegrationAuth
from ..models import Integration, Scope
from ..problems import ApiProblem, documented
from ..schemas import In, ItemRef, PropertyRef, UnitRef, item_ref, property_ref, unit_ref

router = Router(tags=["tickets"])
READ = IntegrationAuth(Scope.TICKETS_READ)
WRITE = IntegrationAuth(Scope.TICKETS_WRITE)
REFERENCE = Path(..., pattern=r"^[0-9A-Za-z-]{1,20}$", description="The ticket's reference, e.g. 2026-000123")


class PartyRef(Schema):
    id: int
    external_id: str | None
    name: str


class TicketOut(Schema):
    reference: str = Field(..., description="Our ticket number, e.g. 2026-000123")
    status: Literal[tuple(Status.values)]  # type: ignore[valid-type]
    status_vera: vera.Code
    item: ItemRef
    property: PropertyRef
    unit: UnitRef | None
    common_area: str
    location_note: str
    channel: str
    priority: str
    description: str
    reporter: PartyRef | None = Field(None, description="Not shown to a contractor's system")
    created_at: dt.datetime
    updated_at: dt.datetime
    due_at: dt.datetime | None
    closed_at: dt.datetime | None


class TimelineEntry(Schema):
    kind: str
    at: dt.datetime
    by: str
    status: str | None = None
    reason: str | None = None
    message: str | None = None
    step: str | None = None


class TicketDetail(TicketOut):
    timeline: list[TimelineEntry]


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last")


class TicketFilters(In):
    changed_since: dt.datetime | None = Field(
        None,
        description="Tickets whose own fields (status, assignment, due time, ...) changed at or after this "
        "time. Messages and other timeline rows come with the ticket's page.",
    )

    @field_validator("changed_since")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Compared in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        try:
            return value.astimezone(dt.UTC)
        except OverflowError as error:
            raise ValueError("changed_since is out of range") from error

    status: Literal[tuple(Status.values)] | None = None  # type: ignore[valid-type]
    property: str | None = Field(None, max_length=64, description="external_id of a property")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


class TicketIn(In):
    reporter: str = Field(..., min_length=1, max_length=64, description="external_id of the tenant")
    item: str = Field(..., min_length=1, max_length=40, description="Catalog item code")
    unit: str | None = Field(None, min_length=1, max_length=64, description="external_id of the unit")
    property: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="external_id of the property; taken from the unit if left out",
    )
    description: str = Field(..., min_length=1, max_length=10000)
    common_area: Literal[tuple(CommonArea.values)] = ""  # type: ignore[valid-type]
    location_note: str = Field("", max_length=200)
    availability: str = Field("", max_length=2000)
    phone_consent: bool = False


class MessageIn(In):
    body: str = Field(..., min_length=1, max_length=20000)
    public: bool = Field(
        True,
        description="ERP: a reply the tenant reads (true) or an internal note (false). Ignored for a "
        "contractor's system, whose messages the case worker reads.",
    )


class MessageOut(Schema):
    id: int
    kind: str
    created_at: dt.datetime


def tickets_for(integration: Integration):
    """What an integration may see: the ERP everything but confidential tickets, a contractor's system the
    tickets released to its contractor."""
    tickets = Ticket.objects.filter(restricted_to__isnull=True)
    if integration.contractor_id is not None:
        tickets = tickets.for_contractor(integration.contractor)
    return tickets.select_related("item", "category", "property", "unit__building", "reporter")


def actor_for(integration: Integration) -> Actor:
    if integration.contractor_id is not None:
        return Actor.for_contractor(integration.contractor)
    return Actor.for_integration(f"{integration.name} (API)")


def ticket_out(ticket: Ticket, integration: Integration, schema=TicketOut, **extra):
    reporter = None
    if ticket.reporter_id and integration.contractor_id is None:
        reporter = PartyRef(
            id=ticket.reporter_id, external_id=ticket.reporter.external_id, name=ticket.reporter.display_name
        )
    return schema(
        reference=ticket.reference,
        status=ticket.status,
        status_vera=vera.request_status(ticket.status),
        item=item_ref(ticket),
        property=property_ref(ticket),
        unit=unit_ref(ticket),
        common_area=ticket.common_area,
        location_note=ticket.location_note,
        channel=ticket.channel,
        priority=ticket.priority,
        description=ticket.description,
        reporter=reporter,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        due_at=ticket.due_at,
        closed_at=ticket.closed_at,
        **extra,
    )


def public_timeline(ticket: Ticket) -> list[TimelineEntry]:
    """The timeline as the tenant sees it in the portal: public rows only, public messages with text."""
    return timeline_entries(list(ticket.events.filter(is_public=True).order_by("created_at", "id")))


def timeline_entries(events: list[TicketEvent]) -> list[TimelineEntry]:
    """Public timeline rows as the API shows them, the messages' text loaded in one query."""
    message_ids = [e.data.get("message_id") for e in events if e.kind == TicketEvent.Kind.MESSAGE]
    bodies = dict(Message.objects.filter(pk__in=[m for m in message_ids if m]).values_list("pk", "body"))
    entries = []
    for event in events:
        entries.append(
            TimelineEntry(
                kind=event.kind,
                at=event.created_at,
                by=event.actor_label,
                status=event.data.get("new") if event.kind == TicketEvent.Kind.STATUS else None,
                reason=event.data.get("reason") or None,
                message=bodies.get(event.data.get("message_id")),
                step=event.data.get("step"),
            )
        )
    return entries


@router.get(
    "",
    response={200: TicketPage, **documented()},
    auth=READ,
    operation_id="list_tickets",
    summary="Tickets, oldest change first, by cursor",
)
def list_tickets(request, filters: Query[TicketFilters]):
    integration = request.auth
    tickets = tickets_for(integration)
    if filters.changed_since:
        tickets = tickets.filter(updated_at__gte=filters.changed_since)
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.property:
        tickets = tickets.filter(property__external_id=filters.property)
    page, next_cursor = cursors.keyset_page(
        tickets, field="updated_at", cursor=filters.cursor, limit=filters.limit
    )
    return TicketPage(items=[ticket_out(t, integration) for t in page], next_cursor=next_cursor)


@router.get(
    "/{reference}",
    response={200: TicketDetail, **documented(404)},
    auth=READ,
    operation_id="get_ticket",
    summary="One ticket with its public timeline",
)
def get_ticket(request, reference: str = REFERENCE):
    ticket = get_object_or_404(tickets_for(request.auth), reference=reference)
    return ticket_out(ticket, request.auth, TicketDetail, timeline=public_timeline(ticket))


@router.post(
    "",
    response={201: TicketDetail, **documented(404, 409)},
    auth=WRITE,
    operation_id="create_ticket",
    summary="Report a ticket for a tenant (channel api)",
)
def create_ticket(request, payload: TicketIn):
    integration = request.auth
    if integration.contractor_id is not None:
        raise ApiProblem(403, _("Ein Handwerker-System meldet keine Vorgänge."), kind="forbidden")
    reporter = _known(Party.objects.all(), payload.reporter, "reporter")
    unit = _known(Unit.objects.select_related("building"), payload.unit, "unit") if payload.unit else None
    if payload.property:
        prop = _known(Property.objects.all(), payload.property, "property")
    elif unit is not None:
        prop = unit.building.property
    else:
        raise _invalid("property", _("Bitte die Liegenschaft oder die Mieteinheit angeben."))
    item = (
        CatalogItem.objects.select_related("group__category").filter(code=payload.item, active=True).first()
    )
    if item is None:
        raise _invalid("item", _("Diesen Katalog-Eintrag gibt es nicht."))
    ticket = ticket_create(
        actor=actor_for(integration),
        item=item,
        prop=prop,
        unit=unit,
        reporter=reporter,
        description=payload.description,
        common_area=payload.common_area,
        location_note=payload.location_note,
        availability=payload.availability,
        phone_consent=payload.phone_consent,
        channel=Channel.API,
    )
    ticket = tickets_for(integration).get(pk=ticket.pk)
    return Reply(201, ticket_out(ticket, integration, TicketDetail, timeline=public_timeline(ticket)))


@router.post(
    "/{reference}/messages",
    response={201: MessageOut, **documented(404, 409)},
    auth=WRITE,
    operation_id="add_ticket_message",
    summary="Add a message to a ticket",
)
def add_message(request, payload: MessageIn, reference: str = REFERENCE):
    integration = request.auth
    ticket = get_object_or_404(tickets_for(integration), reference=reference)
    if integration.contractor_id is not None:
        kind = Message.Kind.CONTRACTOR
    else:
        kind = Message.Kind.PUBLIC if payload.public else Message.Kind.INTERNAL
    message = message_add(ticket=ticket, actor=actor_for(integration), kind=kind, body=payload.body)
    return Reply(201, MessageOut(id=message.pk, kind=message.kind, created_at=message.created_at))


def _known(queryset, external_id: str, field: str):
    found = queryset.filter(external_id=external_id).first()
    if found is None:
        raise _invalid(field, _("„%(id)s“ ist nicht bekannt.") % {"id": external_id})
    return found


def _invalid(field: str, message: str) -> ApiProblem:
    return ApiProblem(
        422, message, kind="validation", errors=[{"field": field, "message": message, "row": None}]
    )
