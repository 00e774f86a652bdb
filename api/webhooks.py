"""Writing webhooks: the ticket domain's facts (a timeline row, a change request decided) become one
delivery per subscription that asks for that kind and may see it, in the transaction that recorded the
fact, so a change that rolls back leaves no delivery. api.deliveries sends them after commit.

What a subscription may see is what the events feed shows its integration (api.routers.events.events_for):
public rows of tickets it may read; a contractor's system only its own contractor's jobs."""

import json

from django.db import transaction
from django.utils import timezone

from tickets.models import ChangeRequest, TicketEvent

from . import deliveries
from .models import EventKind, Integration, Scope, WebhookDelivery, WebhookSubscription
from .routers.events import WEBHOOK_KINDS, events_for, events_out
from .routers.tickets import ticket_out, tickets_for


def on_event_recorded(sender, *, event: TicketEvent, **kwargs) -> None:
    kind = WEBHOOK_KINDS.get(event.kind)
    if kind is None or not event.is_public:
        return
    subscriptions = _subscriptions(kind, Scope.TICKETS_READ)
    if not subscriptions:
        return
    bodies: dict[bool, str] = {}  # a contractor's system sees no reporter: one body per audience
    for subscription in subscriptions:
        integration = subscription.integration
        if not events_for(integration).filter(pk=event.pk).exists():
            continue
        audience = integration.contractor_id is not None
        if audience not in bodies:
            bodies[audience] = _ticket_body(kind, event, integration)
        _write(subscription, kind, bodies[audience], ticket_reference=event.ticket.reference)


def on_change_request_decided(sender, *, change_request: ChangeRequest, **kwargs) -> None:
    kind = EventKind.CHANGE_REQUEST_DECIDED
    subscriptions = _subscriptions(kind, Scope.CHANGEREQUESTS)
    if not subscriptions:
        return
    reference = change_request.ticket.reference if change_request.ticket_id else ""
    # The new values (an IBAN) stay out of the delivery log: GET /change-requests gives them to the ERP.
    body = _dump(
        {
            "type": kind,
            "occurred_at": (change_request.decided_at or timezone.now()).isoformat(),
            "change_request": {
                "id": change_request.pk,
                "kind": change_request.kind,
                "state": change_request.state,
                "party_external_id": change_request.party.external_id,
                "ticket": reference or None,
                "decided_at": change_request.decided_at.isoformat() if change_request.decided_at else None,
            },
        }
    )
    for subscription in subscriptions:
        _write(subscription, kind, body, ticket_reference=reference)


def _subscriptions(kind: str, scope: str) -> list[WebhookSubscription]:
    found = WebhookSubscription.objects.filter(
        kind=kind, active=True, integration__active=True
    ).select_related("integration__contractor")
    return [s for s in found if s.integration.has_scope(scope)]


def _ticket_body(kind: str, event: TicketEvent, integration: Integration) -> str:
    ticket = tickets_for(integration).get(pk=event.ticket_id)  # with what ticket_out reads, as saved
    event_out = events_out([event])[0]
    return _dump(
        {
            "type": kind,
            "occurred_at": event.created_at.isoformat(),
            "event": event_out.model_dump(mode="json"),
            "ticket": ticket_out(ticket, integration).model_dump(mode="json"),
        }
    )


def _dump(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _write(subscription: WebhookSubscription, kind: str, body: str, *, ticket_reference: str) -> None:
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        kind=kind,
        body=body,
        ticket_reference=ticket_reference,
        next_attempt_at=now,
        give_up_at=now + deliveries.KEEP_TRYING,
        created_at=now,
    )
    transaction.on_commit(lambda: deliveries.enqueue(delivery.pk))
