"""Wohnungsgeberbestätigung (§ 19 BMG): asked for in the portal it is written at once with every field the
registration office needs; a concluded letting writes it by itself for the new tenant."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import Certificate
from letting.services import countersign, tenant_sign
from notifications.models import OutboxMessage
from tests.factories import OwnershipFactory, PartyFactory
from tests.letting.conftest import drawn_png
from tickets.actors import Actor

from .conftest import documents_of, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_tenant_gets_it_at_once_with_every_field_of_section_19(client, tenant, home, settings):
    client.force_login(tenant.user)
    response = client.post(reverse("portal:certificates"), {"kind": "wohnungsgeber"})
    assert response.status_code == 302
    certificate = Certificate.objects.get(party=tenant)
    assert certificate.state == Certificate.State.ISSUED and certificate.event == "einzug"
    text = " ".join(text_of(certificate).split())
    company = settings.COMPANY
    # § 19 Abs. 3 BMG: name and address of the Wohnungsgeber, and whether the owner is someone else,
    assert company["name"] in text and company["street"] in text and company["city"] in text
    assert "Der Wohnungsgeber ist zugleich Eigentümer der Wohnung." in text
    # the kind of event and its date,
    assert "Meldepflichtiger Vorgang Einzug" in text and "Datum des Einzugs 01.04.2021" in text
    # the address of the home with its position,
    assert "Lindenstraße 12a" in text and "3. OG links, Wohnung Nr. 0815" in text and "10969 Berlin" in text
    # the names of everyone obliged to register: both tenants of the contract.
    assert "Erika Mustermann" in text and "Jonas Mustermann" in text
    assert "die oben genannten Personen am 01.04.2021 in die oben genannte Wohnung eingezogen sind" in text
    assert "Wohnungsgeberbestätigung (Einzug 01.04.2021)" in documents_of(tenant)
    # The tenant is told where to find it, in their language.
    sent = OutboxMessage.objects.get(kind="certificate_issued", recipient_party=tenant)
    assert "Ihre Bescheinigung: Wohnungsgeberbestätigung" in sent.subject
    assert "die Wohnungsgeberbestätigung für Ihren Einzug" in sent.body_text
    assert "Meine Dokumente" in sent.body_text and "Meldebehörde" in sent.body_text


def test_an_owner_other_than_the_company_is_named(client, tenant, home):
    OwnershipFactory(
        unit=home.unit,
        party=PartyFactory(
            first_name="Hanna", last_name="Eigner", street="Am Markt 3", postcode="14467", city="Potsdam"
        ),
    )
    client.force_login(tenant.user)
    client.post(reverse("portal:certificates"), {"kind": "wohnungsgeber"})
    text = " ".join(text_of(Certificate.objects.get(party=tenant)).split())
    assert "Eigentümer der Wohnung Hanna Eigner Am Markt 3 14467 Potsdam" in text
    assert "zugleich Eigentümer" not in text


def test_asked_twice_it_is_written_once(client, tenant, home):
    client.force_login(tenant.user)
    client.post(reverse("portal:certificates"), {"kind": "wohnungsgeber"})
    client.post(reverse("portal:certificates"), {"kind": "wohnungsgeber"})
    assert Certificate.objects.filter(party=tenant).count() == 1
    assert tenant.documents.count() == 1


def test_a_concluded_letting_writes_it_for_the_new_tenant(
    letting, newcomer, newcomer_user, case_worker, seal_certificate, django_capture_on_commit_callbacks
):
    tenant_sign(
        letting,
        actor=Actor.for_party(newcomer),
        contract_hash=letting.contract_hash,
        image_png=drawn_png(),
        ip_address="203.0.113.5",
        user_agent="pytest",
    )
    with django_capture_on_commit_callbacks(execute=True):
        countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    certificate = Certificate.objects.get(party=newcomer)
    assert certificate.source == Certificate.Source.AUTOMATIC and certificate.tenancy.letting == letting
    day = letting.start.strftime("%d.%m.%Y")
    assert f"Wohnungsgeberbestätigung (Einzug {day})" in documents_of(newcomer)
    text = " ".join(text_of(certificate).split())
    assert f"Datum des Einzugs {day}" in text and "Lena Neumann" in text and "2. OG rechts" in text
    assert "die oben genannte Person am" in text


def test_a_failing_rendering_never_undoes_the_tenancy(
    letting,
    newcomer,
    newcomer_user,
    case_worker,
    seal_certificate,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    import certificates.services as services

    def broken(certificate):
        raise OSError("disk full")

    monkeypatch.setattr(services, "certificate_pdf", broken)
    tenant_sign(
        letting,
        actor=Actor.for_party(newcomer),
        contract_hash=letting.contract_hash,
        image_png=drawn_png(),
        ip_address="203.0.113.5",
        user_agent="pytest",
    )
    with django_capture_on_commit_callbacks(execute=True):
        countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    assert newcomer.tenancies.filter(start=letting.start).exists()
    assert not Certificate.objects.filter(party=newcomer).exists()


def test_someone_without_a_home_is_told_so_and_nothing_is_stored(client, db):
    from tests.factories import resident_user

    person = PartyFactory()
    resident_user(person)
    client.force_login(person.user)
    response = client.post(reverse("portal:certificates"), {"kind": "wohnungsgeber"})
    assert response.status_code == 400
    assert "keine laufende Mietwohnung" in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_date_is_the_tenancys_start(tenant, home):
    from certificates.services import certificate_request

    certificate = certificate_request(party=tenant, kind="wohnungsgeber", actor=Actor.for_party(tenant))
    assert certificate.event_date == dt.date(2021, 4, 1)
    assert certificate.persons == ["Erika Mustermann", "Jonas Mustermann"]
