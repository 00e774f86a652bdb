"""Webhooks about money, written in the transaction of the fact like every webhook (api.webhooks): a
payment request paid or cancelled, and a payment method change decided. The IBAN stays out of the
delivery log; GET /payment-methods gives it to the ERP."""

from django.utils import timezone

from payments.models import PaymentMethodChange, PaymentRequest
from processes.models import Process

from .models import EventKind, Scope
from .webhooks import _dump, _subscriptions, _write


def on_process_ended(sender, *, process: Process, **kwargs) -> None:
    if process.template.code != "zahlungsaufforderung":
        return
    subscriptions = _subscriptions(EventKind.PAYMENT_REQUEST_ENDED, Scope.PAYMENTS)
    payment = PaymentRequest.objects.filter(process=process).select_related("party").first()
    if not subscriptions or payment is None:
        return
    reference = process.ticket.reference
    body = _dump(
        {
            "type": EventKind.PAYMENT_REQUEST_ENDED,
            "occurred_at": (process.ended_at or timezone.now()).isoformat(),
            "payment_request": {
                "id": payment.pk,
                "reference": reference,
                "party_external_id": payment.party.external_id,
                "amount": str(payment.amount),
                "state": "paid" if process.state == Process.State.DONE else "cancelled",
            },
        }
    )
    for subscription in subscriptions:
        _write(subscription, EventKind.PAYMENT_REQUEST_ENDED, body, ticket_reference=reference)


def on_payment_method_decided(sender, *, change: PaymentMethodChange, **kwargs) -> None:
    subscriptions = _subscriptions(EventKind.PAYMENT_METHOD_DECIDED, Scope.PAYMENTS)
    if not subscriptions:
        return
    reference = change.process.ticket.reference
    body = _dump(
        {
            "type": EventKind.PAYMENT_METHOD_DECIDED,
            "occurred_at": (change.decided_at or timezone.now()).isoformat(),
            "payment_method": {
                "id": change.pk,
                "party_external_id": change.party.external_id,
                "method": change.method,
                "state": change.state,
                "mandate_reference": change.mandate.reference if change.mandate_id else None,
                "decided_at": change.decided_at.isoformat() if change.decided_at else None,
            },
        }
    )
    for subscription in subscriptions:
        _write(subscription, EventKind.PAYMENT_METHOD_DECIDED, body, ticket_reference=reference)
