"""Neue Meldung: a case worker files a ticket for a caller, a visitor at the counter or a letter."""

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory, PartyFactory, PropertyFeatureFactory, TenancyFactory
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db
URL = "/backoffice/neu/"


@pytest.fixture
def item(db):
    return CatalogItemFactory(name_de="WC-Spülung defekt")


def test_the_search_leads_to_the_form_for_the_person(staff_client, tenant):
    page = staff_client.get(URL, {"q": "Mustermann"}).content.decode()
    assert f"{reverse('backoffice:intake')}?person={tenant.pk}" in page


def test_htmx_search_answers_only_the_results(staff_client, tenant):
    response = staff_client.get(URL, {"q": "Muster"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="person-results"')


def test_form_offers_the_persons_unit_and_the_catalog_of_the_property(staff_client, tenant, unit, item):
    lift = PropertyFeatureFactory(code="aufzug")
    CatalogItemFactory(name_de="Aufzug steht").required_features.add(lift)
    page = staff_client.get(URL, {"person": tenant.pk}).content.decode()
    assert str(unit) in page and "WC-Spülung defekt" in page
    assert "Aufzug steht" not in page


def test_a_phone_call_becomes_a_ticket_of_the_tenant(staff_client, case_worker, tenant, unit, item):
    response = staff_client.post(
        f"{URL}?person={tenant.pk}",
        {
            "unit": unit.pk,
            "item": item.pk,
            "description": "Spülung läuft.",
            "channel": "phone",
            "priority": "high",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{ticket.reference}/")
    assert (ticket.reporter, ticket.unit, ticket.channel, ticket.priority) == (
        tenant,
        unit,
        Channel.PHONE,
        "high",
    )
    assert ticket.events.get(kind="created").actor == case_worker


def test_a_complaint_from_someone_without_master_data(staff_client, tenant, unit, item):
    prop = unit.building.property
    response = staff_client.post(
        f"{URL}?ohne=1&liegenschaft={prop.code}",
        {
            "reporter_name": "Hans Nachbar",
            "reporter_phone": "0171 5551234",
            "common_area": "courtyard",
            "item": item.pk,
            "description": "Im Hof wird jede Nacht gefeiert.",
            "channel": "counter",
            "subject_party": tenant.pk,
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.reporter is None and ticket.reporter_name == "Hans Nachbar"
    assert ticket.subject_party == tenant and ticket.common_area == "courtyard"


def test_without_master_data_a_name_and_a_way_to_call_back_are_needed(staff_client, unit, item):
    prop = unit.building.property
    response = staff_client.post(
        f"{URL}?ohne=1&liegenschaft={prop.code}",
        {"common_area": "courtyard", "item": item.pk, "description": "Lärm", "channel": "letter"},
    )
    assert response.status_code == 400
    assert "Bitte geben Sie Telefon oder E-Mail" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_place_is_needed(staff_client, tenant, item):
    response = staff_client.post(
        f"{URL}?person={tenant.pk}", {"item": item.pk, "description": "x", "channel": "phone"}
    )
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_an_item_not_offered_at_the_property_is_refused(staff_client, tenant, unit):
    hidden = CatalogItemFactory(tenant_selectable=False)
    response = staff_client.post(
        f"{URL}?person={tenant.pk}",
        {"unit": unit.pk, "item": hidden.pk, "description": "x", "channel": "phone"},
    )
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_another_persons_unit_cannot_be_chosen(staff_client, tenant, item):
    foreign = TenancyFactory(party=PartyFactory()).unit
    response = staff_client.post(
        f"{URL}?person={tenant.pk}",
        {"unit": foreign.pk, "item": item.pk, "description": "x", "channel": "phone"},
    )
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_tenants_get_404(client, tenant):
    client.force_login(tenant.user)
    assert client.get(URL, {"person": tenant.pk}).status_code == 404
