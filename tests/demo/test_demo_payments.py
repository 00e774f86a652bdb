"""The demo company has one open payment request whose tenant can open its page, seeded once."""

import pytest
from django.urls import reverse

from demo import seed_demo
from payments.models import PaymentRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_payment_request_the_tenant_can_open(client):
    seed_demo(tickets=5)
    payment = PaymentRequest.objects.get()
    assert payment.state == PaymentRequest.State.OPEN
    client.force_login(payment.party.user)
    page = client.get(reverse("portal:payment", args=[payment.reference]))
    assert page.status_code == 200 and "<svg" in page.content.decode()

    seed_demo(tickets=5)
    assert PaymentRequest.objects.count() == 1
