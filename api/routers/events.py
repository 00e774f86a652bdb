"""The events feed for systems that poll: every public timeline row of the tickets an integration may
see, oldest first, by a cursor that is the last row's id. Webhooks send the same rows as they happen.

A row's id is taken when its transaction writes it, not when it commits: a slow transaction could commit
a smaller id after a poller passed it. The feed therefore holds back rows younger than SETTLE, longer than
any request that records a change runs."""

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tickets.models import TicketEvent

from .. import cursors, vera
from ..auth import IntegrationAuth
from ..models import EventKind, Integration, Scope
from ..problems import documented
from ..schemas import In
from .tickets import TimelineEntry, tickets_for, timeline_entries

router = Router(tags=["events"])
SETTLE = dt.timedelta(seconds=10)

# Which timeline rows a webhook subscription can ask for; the feed carries the others too.
WEBHOOK_KINDS = {
    TicketEvent.Kind.CREATED: EventKind.TICKET_CREATED,
    TicketEvent.Kind.STATUS: EventKind.STATUS_CHANGED,
    TicketEvent.Kind.MESSAGE: EventKind.MESSAGE,
    TicketEvent.Kind.CONTRACTOR: EventKind.WORK_ORDER_STEP,
}


class EventOut(TimelineEntry):
    id: int = Field(..., description="The timeline row's id; the feed is ordered by it")
    type: str | None = Field(None, description="The webhook event kind of this row, where there is one")
    ticket: str = Field(..., description="The ticket's reference")
    status_vera: vera.Code | None = Field(None, description="For a status change: the new status in VERA")


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str = Field(..., description="Pass as `cursor` next time; it stays put while nothing new")


class FeedQuery(In):
    cursor: str | None = Field(None, max_length=200, description="From the last page; empty: from the start")
    limit: int = Field(100, ge=1, le=500)


def events_for(integration: Integration):
    """The timeline rows an integration may see: the public ones, of the tickets it may see. The webhooks
    ask this too, so the feed and the webhooks never disagree."""
    return TicketEvent.objects.filter(
        is_public=True, ticket__in=tickets_for(integration).order_by().values("pk")
    )


def events_out(events: list[TicketEvent]) -> list[EventOut]:
    """Needs `ticket` selected on each row."""
    return [
        EventOut(
            **entry.model_dump(),
            id=event.pk,
            type=WEBHOOK_KINDS.get(event.kind),
            ticket=event.ticket.reference,
            status_vera=vera.request_status(entry.status) if entry.status in vera.REQUEST_STATUS else None,
        )
        for event, entry in zip(events, timeline_entries(events), strict=True)
    ]


@router.get(
    "",
    response={200: EventPage, **documented()},
    auth=IntegrationAuth(Scope.TICKETS_READ),
    operation_id="list_events",
    summary="Everything that changed on the tickets this integration sees, oldest first, by cursor",
)
def list_events(request, page: Query[FeedQuery]):
    after = cursors.decode_position(page.cursor) if page.cursor else 0
    rows = list(
        events_for(request.auth)
        .filter(pk__gt=after, created_at__lte=timezone.now() - SETTLE)
        .select_related("ticket")
        .order_by("pk")[: page.limit]
    )
    last = rows[-1].pk if rows else after
    return EventPage(items=events_out(rows), next_cursor=cursors.encode_position(last))
