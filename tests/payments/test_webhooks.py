"""The ERP is told by webhook when a payment request is paid or cancelled and when a payment method is
decided; the IBAN stays out of the delivery."""

import json

import pytest

from api.models import EventKind, Scope, WebhookDelivery, WebhookSubscription
from payments import methods
from payments.requests import request_cancel, request_settle
from tests.api.conftest import make_integration
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    integration, _token = make_integration(Scope.PAYMENTS, name="ERP")
    for kind in (EventKind.PAYMENT_REQUEST_ENDED, EventKind.PAYMENT_METHOD_DECIDED):
        WebhookSubscription.objects.create(
            integration=integration, kind=kind, url="https://erp.example.org/hook"
        )
    return integration


def _bodies(kind):
    return [json.loads(d.body) for d in WebhookDelivery.objects.filter(kind=kind)]


def test_a_paid_request_is_announced(erp, payment):
    request_settle(payment, actor=Actor.for_integration("Bank (API)"))
    [body] = _bodies(EventKind.PAYMENT_REQUEST_ENDED)
    assert body["payment_request"] == {
        "id": payment.pk,
        "reference": payment.reference,
        "party_external_id": payment.party.external_id,
        "amount": "45.00",
        "state": "paid",
    }


def test_a_cancelled_request_is_announced(erp, payment, case_worker):
    request_cancel(payment, actor=Actor.for_user(case_worker), reason="Schlüssel wiedergefunden")
    [body] = _bodies(EventKind.PAYMENT_REQUEST_ENDED)
    assert body["payment_request"]["state"] == "cancelled"


def test_a_decided_payment_method_is_announced_without_the_iban(erp, money_templates, tenant, case_worker):
    change = methods.method_change_start(party=tenant, method="transfer", actor=Actor.for_party(tenant))
    methods.method_change_approve(change, actor=Actor.for_user(case_worker))
    [delivery] = WebhookDelivery.objects.filter(kind=EventKind.PAYMENT_METHOD_DECIDED)
    body = json.loads(delivery.body)
    assert body["payment_method"]["method"] == "transfer" and body["payment_method"]["state"] == "approved"
    assert "iban" not in delivery.body.lower()


def test_a_system_without_the_payments_scope_hears_nothing(money_templates, payment):
    integration, _token = make_integration(Scope.TICKETS_READ, name="Other")
    WebhookSubscription.objects.create(
        integration=integration, kind=EventKind.PAYMENT_REQUEST_ENDED, url="https://other.example.org/hook"
    )
    request_settle(payment, actor=Actor.for_integration("Bank (API)"))
    assert not WebhookDelivery.objects.exists()
