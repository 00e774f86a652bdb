"""The catalog is edited in the admin in three languages (where it is offered, the unit it hands over, the
terms); agreements are read-only there. A tenant who reads English sees the English name and description."""

import pytest
from django.urls import reverse

from subscriptions import booking
from subscriptions.models import Service
from tests.factories import PropertyFactory, UserFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_creates_a_cellar_room_service_for_one_property(admin_client, subscription_templates):
    prop = PropertyFactory()
    answer = admin_client.post(
        reverse("admin:subscriptions_service_add"),
        {
            "code": "kellerraum",
            "kind": "storage",
            "is_active": "on",
            "position": "10",
            "name_de": "Kellerraum",
            "name_en": "Cellar room",
            "name_nl": "Kelderberging",
            "description_de": "Abschließbar, etwa 6 m².",
            "monthly_price": "15.00",
            "properties": [prop.pk],
            "unit_kind": "storage",
            "monthly": "on",
            "minimum_term_months": "3",
            "notice_months": "1",
            "needs_confirmation": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode().split("errorlist")[1:3]
    service = Service.objects.get(code="kellerraum")
    assert list(service.properties.all()) == [prop] and not service.all_properties
    assert service.unit_kind == "storage" and str(service.monthly_price) == "15.00"
    assert admin_client.get(reverse("admin:subscriptions_service_changelist")).status_code == 200


def test_agreements_are_read_only_in_the_admin(admin_client, garden, tenant, next_first):
    subscription = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    page = admin_client.get(reverse("admin:subscriptions_subscription_change", args=[subscription.pk]))
    assert page.status_code == 200 and "gebucht" in page.content.decode()
    assert admin_client.get(reverse("admin:subscriptions_subscription_add")).status_code in (403, 404)


def test_an_english_reading_tenant_sees_the_english_name(client, parking, tenant):
    tenant.language = "en"
    tenant.save(update_fields=["language"])
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Parking space in the underground car park" in page
