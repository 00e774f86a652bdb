"""The tenant's own ticket page shows what they entered, what each status word means, and for an
emergency the emergency number first; the report form asks only what the item's kind needs."""

import pytest
from django.urls import reverse

from catalogs.models import ExtraField, Priority
from tests.factories import CatalogItemFactory, ExtraFieldFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mould(tenant, unit):
    item = CatalogItemFactory(name_de="Schimmel an der Wand")
    ExtraFieldFactory(
        item=item, key="raum", kind=ExtraField.Kind.CHOICE, choices="Bad\nKüche", label_de="In welchem Raum?",
        label_en="Which room?", label_nl="In welke ruimte?",
    )  # fmt: skip
    return TicketFactory(
        item=item,
        reporter=tenant,
        property=unit.building.property,
        unit=unit,
        answers={"raum": "Bad"},
        availability="werktags ab 16 Uhr",
    )


def page(client, ticket, language="de") -> str:
    response = client.get(reverse("portal:ticket", args=[ticket.reference]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "label"), [("de", "In welchem Raum?"), ("en", "Which room?"), ("nl", "In welke ruimte?")]
)
def test_the_tenant_sees_their_answers_and_availability(tenant_client, mould, language, label):
    text = page(tenant_client, mould, language)
    assert label in text
    assert "Bad" in text
    assert "werktags ab 16 Uhr" in text


def test_other_residents_do_not_read_what_the_reporter_entered(client, mould, other_tenant):
    mould.visibility = "public"
    mould.save()
    client.force_login(other_tenant.user)
    text = page(client, mould)
    assert "Schimmel an der Wand" in text
    assert "In welchem Raum?" not in text
    assert "werktags ab 16 Uhr" not in text


def test_the_status_word_is_explained(tenant_client, mould):
    mould.status = "released"
    mould.save()
    assert "Freigegeben: Ein Handwerker oder unser Hauswart hat den Auftrag." in page(tenant_client, mould)


def test_an_emergency_shows_the_emergency_number_first(tenant_client, tenant, settings):
    settings.COMPANY = {**settings.COMPANY, "emergency": "030 999 112"}
    item = CatalogItemFactory(name_de="Wasserrohrbruch", default_priority=Priority.EMERGENCY)
    ticket = TicketFactory(item=item, reporter=tenant, priority=Priority.EMERGENCY)
    text = page(tenant_client, ticket)
    assert text.index("030 999 112") < text.index("Verlauf")


def details(client, unit, item):
    response = client.get(reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_emergency_report_shows_the_number_and_asks_no_appointment(tenant_client, unit, settings):
    settings.COMPANY = {**settings.COMPANY, "emergency": "030 999 112"}
    item = CatalogItemFactory(name_de="Wasserrohrbruch", default_priority=Priority.EMERGENCY)
    text = details(tenant_client, unit, item)
    assert "030 999 112" in text
    assert 'name="availability"' not in text
    assert 'name="phone_consent"' not in text
    assert 'name="photos"' in text


def test_a_repair_asks_for_photos_and_an_appointment(tenant_client, unit):
    text = details(tenant_client, unit, CatalogItemFactory(name_de="Wasserhahn tropft"))
    for asked in ('name="photos"', 'name="availability"', 'name="phone_consent"'):
        assert asked in text


def test_a_document_request_asks_no_repair_questions(tenant_client, unit):
    item = CatalogItemFactory(name_de="Mietbescheinigung", document_delivery="staff")
    text = details(tenant_client, unit, item)
    for asked in ('name="photos"', 'name="availability"', 'name="phone_consent"', "Was ist passiert?"):
        assert asked not in text


def test_wo_genau_starts_empty_and_must_be_chosen(tenant_client, tenant, unit):
    item = CatalogItemFactory(name_de="Licht im Treppenhaus")
    url = reverse("portal:report_details") + f"?place=p{unit.building.property_id}&item={item.pk}"
    text = tenant_client.get(url).content.decode()
    assert '<option value="" selected>Bitte wählen</option>' in text
    assert 'value="staircase" selected' not in text
    response = tenant_client.post(url, {"description": "Dunkel", "common_area": ""})
    assert response.status_code == 200
    assert "Bitte wählen Sie, wo es ist." in response.content.decode()
