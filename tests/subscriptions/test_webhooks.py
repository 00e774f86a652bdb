"""The ERP is told by webhook of every change of a Zusatzvereinbarung (booked, confirmed, notice given and
confirmed, ended with the tenancy, refused), with the agreement as GET /subscriptions shows it; a system
without the subscriptions scope hears nothing."""

import json

import pytest

from api.models import EventKind, Scope, WebhookDelivery, WebhookSubscription
from subscriptions import booking
from tests.api.conftest import make_integration
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    integration, _token = make_integration(Scope.SUBSCRIPTIONS, name="ERP")
    WebhookSubscription.objects.create(
        integration=integration, kind=EventKind.SUBSCRIPTION_CHANGED, url="https://erp.example.org/hook"
    )
    return integration


def _bodies():
    return [
        json.loads(d.body)
        for d in WebhookDelivery.objects.filter(kind=EventKind.SUBSCRIPTION_CHANGED).order_by("pk")
    ]


def test_booking_confirmation_notice_and_its_confirmation_are_announced(
    erp, parking, space, tenant, case_worker, next_first
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    booking.subscription_decide(subscription, actor=Actor.for_user(case_worker), confirm=True)
    end = booking.notice_earliest_end(subscription)
    subscription = booking.subscription_cancel(subscription, actor=Actor.for_party(tenant), ends_on=end)
    booking.subscription_decide(subscription, actor=Actor.for_user(case_worker), confirm=True)

    bodies = _bodies()
    assert [b["change"]["kind"] for b in bodies] == [
        "requested",
        "confirmed",
        "notice_given",
        "notice_confirmed",
    ]
    assert {b["type"] for b in bodies} == {"subscription.changed"}
    booked, confirmed, _given, ended = bodies
    assert booked["subscription"]["state"] == "requested" and booked["subscription"]["unit_number"] == "P1"
    assert booked["subscription"]["reference"] == subscription.reference
    assert booked["subscription"]["party_external_id"] == tenant.external_id
    assert confirmed["subscription"]["state"] == "active"
    assert confirmed["subscription"]["monthly_price"] == "35.00"
    assert ended["subscription"]["ends_on"] == end.isoformat()
    assert ended["change"]["effective_on"] == end.isoformat()
    # Each delivery is filed under the agreement's reference, the notice's too.
    assert WebhookDelivery.objects.filter(ticket_reference=subscription.reference).count() == 4


def test_a_refusal_carries_the_reason(erp, parking, space, tenant, case_worker, next_first):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    booking.subscription_decide(
        subscription, actor=Actor.for_user(case_worker), confirm=False, reason="Platz wird saniert."
    )
    refused = _bodies()[-1]
    assert refused["change"]["kind"] == "refused" and refused["change"]["note"] == "Platz wird saniert."
    assert refused["subscription"]["state"] == "refused"


def test_a_system_without_the_subscriptions_scope_hears_nothing(garden, tenant, next_first):
    integration, _token = make_integration(Scope.TICKETS_READ, name="Other")
    WebhookSubscription.objects.create(
        integration=integration, kind=EventKind.SUBSCRIPTION_CHANGED, url="https://other.example.org/hook"
    )
    booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    assert not WebhookDelivery.objects.exists()
