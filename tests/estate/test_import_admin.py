"""The admin import page: preview, confirm, and a German per-row error list that stops the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estate.models import Party, Property, Tenancy, Unit
from tests import factories


@pytest.fixture
def admin_user_client(client, db):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(client, model: str, text: str, encoding: str = "utf-8"):
    return client.post(
        reverse(f"admin:estate_{model}_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("stammdaten.csv", text.encode(encoding), "text/csv"),
        },
    )


def confirm(client, model: str, preview):
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context.get("problems")
    form = preview.context["confirm_form"]
    return client.post(reverse(f"admin:estate_{model}_process_import"), form.initial)


def test_import_page_explains_the_file(admin_user_client):
    response = admin_user_client.get(reverse("admin:estate_party_import"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Semikolon und Komma" in page
    assert "Personennummer" in page and "Mietbeginn" in page


def test_good_properties_file_imports_after_confirming(admin_user_client):
    text = (
        "Liegenschaft,Bezeichnung,Straße,PLZ,Ort,Bundesland\nWE100,Am Park,Parkstraße 1,10115,Berlin,Berlin\n"
    )
    preview = upload(admin_user_client, "property", text)
    assert not Property.objects.exists()  # the preview stores nothing
    response = confirm(admin_user_client, "property", preview)
    assert response.status_code == 302
    assert Property.objects.get(code="WE100").state == "BE"


def test_semicolon_excel_file_with_bom_imports_units(admin_user_client):
    factories.PropertyFactory(code="WE200")
    text = "Liegenschaft;Straße;Hausnummer;Einheit;Wohnfläche\r\nWE200;Ring;5;0001;58,20\r\n"
    preview = upload(admin_user_client, "unit", text, encoding="utf-8-sig")
    confirm(admin_user_client, "unit", preview)
    assert str(Unit.objects.get(number="0001").area) == "58.20"


def test_one_bad_row_shows_line_and_reason_and_imports_nothing(admin_user_client):
    factories.UnitFactory(number="0007", building__property__code="WE300")
    text = (
        "Personennummer;Vorname;Nachname;E-Mail;Liegenschaft;Einheit;Mietbeginn\n"
        "P-1;Erika;Mustermann;erika@example.org;WE300;0007;01.03.2024\n"
        "P-2;Max;Meier;max-at-example;WE300;0007;01.03.2024\n"
    )
    response = upload(admin_user_client, "party", text)
    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert "Nichts importiert" in page
    assert "Zeile 3: E-Mail: Bitte gültige E-Mail-Adresse eingeben." in page
    assert not Party.objects.exists()
    assert not Tenancy.objects.exists()


def test_good_parties_file_creates_people_and_tenancies(admin_user_client):
    unit = factories.UnitFactory(number="0007", building__property__code="WE300")
    text = (
        "Personennummer;Vorname;Nachname;E-Mail;Liegenschaft;Einheit;Mietbeginn\n"
        "P-1;Erika;Mustermann;erika@example.org;WE300;0007;01.03.2024\n"
    )
    confirm(admin_user_client, "party", upload(admin_user_client, "party", text))
    assert Tenancy.objects.get(party__number="P-1").unit == unit
