"""Webhooks about payment arrangements (Ratenzahlungen), written in the transaction of the change like every
webhook (api.webhooks): a plan agreed, counter-proposed, refused or its counter-proposal declined; an
instalment paid, waived or late; the plan ended (paid off, uncollectible, broken). Each is one
`payment_plan.changed` delivery with the change and the plan as GET /payment-plans/{id} shows it, so the
ERP hears of every state without polling, and takes over the dunning of a broken plan at once."""

from django.utils import timezone

from payments.models import PaymentPlan
from tickets.models import TicketEvent

from .models import EventKind, Scope
from .routers.payment_plans import _plans, plan_out
from .webhooks import _dump, _subscriptions, _write

DECIDED = {
    PaymentPlan.State.ACTIVE: "agreed",
    PaymentPlan.State.COUNTERED: "counter_proposed",
    PaymentPlan.State.REFUSED: "refused",
    PaymentPlan.State.DECLINED: "declined",
}
INSTALMENT_ROWS = {
    "instalment_paid": "instalment_paid",
    "instalment_waived": "instalment_waived",
    "instalment_late": "instalment_late",
}


def _announce(plan_id: int, change: str, *, instalment: int | None = None) -> None:
    subscriptions = _subscriptions(EventKind.PAYMENT_PLAN_CHANGED, Scope.PAYMENTS)
    if not subscriptions:
        return
    plan = _plans().get(pk=plan_id)  # as saved, with its instalments
    body = _dump(
        {
            "type": EventKind.PAYMENT_PLAN_CHANGED,
            "occurred_at": timezone.now().isoformat(),
            "change": change,
            "instalment": instalment,
            "payment_plan": plan_out(plan).model_dump(mode="json"),
        }
    )
    for subscription in subscriptions:
        _write(subscription, EventKind.PAYMENT_PLAN_CHANGED, body, ticket_reference=plan.reference)


def on_plan_decided(sender, *, plan: PaymentPlan, **kwargs) -> None:
    if plan.state in DECIDED:
        _announce(plan.pk, DECIDED[plan.state])


def on_plan_ended(sender, *, plan: PaymentPlan, **kwargs) -> None:
    _announce(plan.pk, "ended")


def on_event_recorded(sender, *, event: TicketEvent, **kwargs) -> None:
    """An instalment's change is a timeline row of the plan's process (payments.plan_reminders.record_row)."""
    if event.kind != TicketEvent.Kind.PROCESS:
        return
    change = INSTALMENT_ROWS.get((event.data or {}).get("action"))
    if change is None:
        return
    plan_id = PaymentPlan.objects.filter(process_id=event.data.get("process_id")).values_list("pk", flat=True)
    if plan_id:
        _announce(plan_id[0], change, instalment=event.data.get("instalment"))
