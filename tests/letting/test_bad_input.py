"""Bad terms answer with a German message and store nothing: through the API (422 problem details, like
every other input error of the API) and on the staff page (400)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.models import Scope
from estate.models import Party
from letting.models import Letting
from notifications.models import OutboxMessage
from processes.models import Process
from tests.api.conftest import ApiClient, make_integration

from .conftest import start_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocation(letting_templates, vacant_unit):
    cache.clear()
    vacant_unit.external_id = "WE-1-0001"
    vacant_unit.save()
    return ApiClient(make_integration(Scope.LETTINGS, name="Vergabe")[1])


def body(**changes) -> dict:
    data = {
        "person": {"external_id": "P-1", "last_name": "Neumann", "email": "neu@example.org"},
        "unit": "WE-1-0001",
        "start": start_date().isoformat(),
        "rent_net": "600.00",
        "operating_costs": "150.00",
        "deposit": "1800.00",
    }
    data.update(changes)
    return data


def nothing_stored() -> None:
    assert not Letting.objects.exists()
    assert not Process.objects.exists()
    assert not Party.objects.filter(external_id="P-1").exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"deposit": "1800.01"},
            "Die Kaution darf höchstens drei Nettokaltmieten betragen (§ 551 BGB), hier also 1.800,00 €.",
        ),
        ({"deposit": "-1.00"}, "Die Kaution darf nicht negativ sein."),
        ({"rent_net": "-600.00"}, "Die Nettokaltmiete muss größer als 0 € sein."),
        ({"rent_net": "0"}, "Die Nettokaltmiete muss größer als 0 € sein."),
        ({"operating_costs": "-5.00"}, "Die Betriebskostenvorauszahlung darf nicht negativ sein."),
        ({"start": "2020-01-01"}, "Der Mietbeginn darf nicht in der Vergangenheit liegen."),
        ({"unit": "GIBT-ES-NICHT"}, "Die Wohnung „GIBT-ES-NICHT“ ist nicht bekannt."),
    ],
)
def test_the_api_refuses_bad_terms_in_german_and_stores_nothing(allocation, changes, message):
    answer = allocation.post("/lettings", body(**changes), key="bad-1")
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"].startswith("application/problem+json")
    assert answer.json()["detail"] == message
    nothing_stored()


def test_a_bad_email_address_is_refused(allocation):
    person = {"external_id": "P-1", "last_name": "Neumann", "email": "kein-at-zeichen"}
    answer = allocation.post("/lettings", body(person=person), key="bad-3")
    assert answer.status_code == 422
    assert (
        answer.json()["detail"]
        == "Bitte geben Sie eine gültige E-Mail-Adresse der Mieterin / des Mieters an."
    )
    nothing_stored()


def test_a_missing_unit_is_a_field_error(allocation):
    data = body()
    del data["unit"]
    answer = allocation.post("/lettings", data, key="bad-2")
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["unit"]
    nothing_stored()


def test_a_second_open_letting_of_the_unit_is_a_conflict(allocation):
    assert allocation.post("/lettings", body(), key="ok-1").status_code == 201
    person = {"external_id": "P-2", "last_name": "Zweite", "email": "zwei@example.org"}
    answer = allocation.post("/lettings", body(person=person), key="ok-2")
    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        "Für diese Wohnung läuft bereits eine Vermietung, die noch nicht abgeschlossen ist."
    )
    assert Letting.objects.count() == 1
    assert not Party.objects.filter(external_id="P-2").exists()


def test_the_person_is_reused_by_external_id(allocation, vacant_unit):
    existing = Party.objects.create(external_id="P-1", last_name="Neumann", email="alt@example.org")
    assert allocation.post("/lettings", body(), key="ok-1").status_code == 201
    assert Letting.objects.get().party == existing
    existing.refresh_from_db()
    assert existing.email == "alt@example.org"  # the ERP's master data stay as they are


def test_without_the_scope_the_api_refuses(letting_templates):
    cache.clear()
    other = ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])
    assert other.post("/lettings", body(), key="x").status_code == 403
    assert other.get("/lettings").status_code == 403


def test_the_staff_form_refuses_a_deposit_above_three_rents(
    client, case_worker, letting_templates, vacant_unit
):
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:letting_new"),
        {
            "last_name": "Neumann",
            "email": "neu@example.org",
            "property_code": vacant_unit.building.property.code,
            "unit_number": vacant_unit.number,
            "start": start_date().isoformat(),
            "rent_net": "600,00",
            "operating_costs": "150,00",
            "deposit": "2.000,00",
        },
    )
    assert answer.status_code == 400
    assert "Die Kaution darf höchstens drei Nettokaltmieten betragen (§ 551 BGB)" in answer.content.decode()
    assert not Letting.objects.exists()
    assert not Party.objects.filter(last_name="Neumann").exists()


def test_the_staff_form_needs_a_known_unit(client, case_worker, letting_templates, vacant_unit):
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:letting_new"),
        {
            "last_name": "Neumann",
            "email": "neu@example.org",
            "property_code": vacant_unit.building.property.code,
            "unit_number": "999",
            "start": start_date().isoformat(),
            "rent_net": "600",
            "operating_costs": "150",
            "deposit": "0",
        },
    )
    assert answer.status_code == 400
    assert "Diese Wohnung gibt es in der Wirtschaftseinheit nicht." in answer.content.decode()
    assert not Letting.objects.exists()


def test_the_allocation_system_finds_its_letting_by_its_key(allocation):
    assert allocation.post("/lettings", body(external_id="VG-7"), key="ok-1").status_code == 201
    [row] = allocation.get("/lettings", external_id="VG-7").json()["items"]
    assert (row["external_id"], row["state"], row["total_rent"]) == ("VG-7", "offered", "750.00")
    assert allocation.get("/lettings", external_id="VG-8").json()["items"] == []
