"""Webhooks about Zusatzvereinbarungen, written in the transaction of the change like every webhook
(api.webhooks): each fact in an agreement's life (booked, confirmed, refused, notice given or decided, ends
with the tenancy, ended) becomes one `subscription.changed` delivery with the change and the agreement as
GET /subscriptions shows it, so the ERP books it without polling."""

from subscriptions.models import Subscription, SubscriptionChange

from .models import EventKind, Scope
from .routers.subscriptions import ChangeOut, out
from .webhooks import _dump, _subscriptions, _write


def on_subscription_changed(
    sender, *, subscription: Subscription, change: SubscriptionChange, **kwargs
) -> None:
    subscriptions = _subscriptions(EventKind.SUBSCRIPTION_CHANGED, Scope.SUBSCRIPTIONS)
    if not subscriptions:
        return
    reference = subscription.reference
    body = _dump(
        {
            "type": EventKind.SUBSCRIPTION_CHANGED,
            "occurred_at": change.at.isoformat(),
            "change": ChangeOut(
                kind=change.kind,
                effective_on=change.effective_on,
                note=change.note,
                by=change.by,
                at=change.at,
            ).model_dump(mode="json"),
            "subscription": out(subscription).model_dump(mode="json"),
        }
    )
    for webhook in subscriptions:
        _write(webhook, EventKind.SUBSCRIPTION_CHANGED, body, ticket_reference=reference)
