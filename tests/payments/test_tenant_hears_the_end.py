"""The tenant hears how a payment request ended: the payment came in (amount and day), or it was
cancelled with the reason and nothing to pay. Staff started it, so no generic status mail says it."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from payments.requests import request_cancel, request_settle
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def _ends(tenant):
    return list(OutboxMessage.objects.filter(recipient_party=tenant).exclude(kind="payment_request"))


def test_a_settled_request_thanks_the_tenant_with_amount_and_day(payment, tenant):
    paid_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_current_timezone())
    request_settle(payment, actor=Actor.for_integration("ERP (API)"), paid_at=paid_at)

    [mail] = _ends(tenant)
    assert mail.kind == "payment_request_ended"
    assert "Zahlung eingegangen: 45,00 €" in mail.subject
    assert "Ihre Zahlung von 45,00 € (Ersatzschlüssel Haustür) ist am 2. März 2026 bei uns eingegangen" in (
        mail.body_text
    )


def test_a_cancelled_request_tells_the_tenant_the_reason(payment, tenant, case_worker):
    request_cancel(payment, actor=Actor.for_user(case_worker), reason="Der Schlüssel ist wieder da.")

    [mail] = _ends(tenant)
    assert "Zahlungsaufforderung storniert: 45,00 €" in mail.subject
    assert "Sie müssen nichts bezahlen." in mail.body_text
    assert "Begründung: Der Schlüssel ist wieder da." in mail.body_text
