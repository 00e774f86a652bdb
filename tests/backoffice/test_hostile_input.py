"""Hostile input in the back-office: the intake form, the people search and the queue search take
invisible and control characters, NULs, overlong values and odd phone numbers without a 500; what is kept
is cleaned, what is refused says why."""

import pytest

from tests.factories import CatalogItemFactory, PartyFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
URL = "/backoffice/neu/"


@pytest.fixture
def intake_url(unit):
    CatalogItemFactory(name_de="Lärm")
    return f"{URL}?ohne=1&liegenschaft={unit.building.property.code}"


def _intake(staff_client, url, **values):
    from catalogs.models import CatalogItem

    data = {
        "reporter_name": "Hans Nachbar",
        "common_area": "courtyard",
        "item": CatalogItem.objects.get(name_de="Lärm").pk,
        "description": "Im Hof wird jede Nacht gefeiert.",
        "channel": "counter",
    }
    return staff_client.post(url, {**data, **values})


def test_intake_stores_the_phone_number_in_e164(staff_client, intake_url):
    response = _intake(staff_client, intake_url, reporter_phone="030 1234567")
    assert response.status_code == 302
    assert Ticket.objects.get().reporter_phone == "+49301234567"


def test_intake_refuses_a_phone_number_that_is_none(staff_client, intake_url):
    response = _intake(staff_client, intake_url, reporter_phone="call me maybe")
    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige Telefonnummer ein" in response.content.decode()


def test_intake_refuses_an_email_address_over_254_characters(staff_client, intake_url):
    address = "a" * 61 + "@" + ("b" * 60 + ".") * 3 + "example.de"
    assert len(address) == 255
    response = _intake(staff_client, intake_url, reporter_email=address)
    assert response.status_code == 400
    assert "254" in response.content.decode()
    assert not Ticket.objects.exists()


def test_intake_refuses_a_local_part_over_64_characters(staff_client, intake_url):
    response = _intake(staff_client, intake_url, reporter_email="a" * 65 + "@example.de")
    assert response.status_code == 400
    assert "Vor dem @ dürfen höchstens 64 Zeichen stehen." in response.content.decode()


def test_intake_refuses_a_description_of_a_million_characters(staff_client, intake_url):
    response = _intake(staff_client, intake_url, reporter_phone="030 1234567", description="x" * 1_000_000)
    assert response.status_code == 400
    assert "20000" in response.content.decode().replace(".", "")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("field", ["reporter_name", "description", "location_note"])
def test_intake_fields_lose_nul_and_control_characters(staff_client, intake_url, field):
    response = _intake(
        staff_client, intake_url, reporter_phone="030 1234567", **{field: "Hof\x00 links\x1b\x07"}
    )
    assert response.status_code == 302
    assert getattr(Ticket.objects.get(), field) == "Hof links"


@pytest.mark.parametrize("field", ["reporter_name", "description"])
def test_intake_fields_of_invisible_characters_are_empty(staff_client, intake_url, field):
    response = _intake(
        staff_client, intake_url, reporter_phone="030 1234567", **{field: "\u200b\ufeff\u00a0\u2060"}
    )
    assert response.status_code == 400
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("query", ["Mu\x00ster", "\x00", "\x1b[2J", "\u200b" * 5, "ab" * 500, "²"])
def test_people_search_takes_any_text(staff_client, query):
    PartyFactory(last_name="Muster")
    response = staff_client.get("/backoffice/personen/", {"q": query})
    assert response.status_code == 200


def test_people_search_finds_a_name_typed_with_a_nul(staff_client):
    PartyFactory(last_name="Musterfrau")
    response = staff_client.get("/backoffice/personen/", {"q": "Muster\x00frau"})
    assert "Musterfrau" in response.content.decode()


@pytest.mark.parametrize("params", [{"q": "Heizung\x00"}, {"q": "\x00"}, {"q": "x" * 5000}])
def test_queue_search_takes_any_text(staff_client, params):
    assert staff_client.get("/backoffice/", params).status_code == 200


def test_queue_property_filter_with_a_nul_says_there_is_none(staff_client):
    response = staff_client.get("/backoffice/", {"property": "A\x00"})
    assert response.status_code == 400
    assert "Eine Liegenschaft mit dieser Nummer gibt es nicht." in response.content.decode()


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"person": "²"}, {"mail": "²"}, {"liegenschaft": "\x00"}])
def test_intake_search_takes_any_text(staff_client, params):
    assert staff_client.get(URL, params).status_code in (200, 404)
