"""What the tenant and the staff read about a concluded letting on the ticket and process pages."""

from django.urls import reverse

from letting.services import countersign, tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png


def _concluded(letting, case_worker):
    tenant_sign(
        letting,
        actor=Actor.for_party(letting.party),
        contract_hash=letting.contract_hash,
        image_png=drawn_png(),
        ip_address="192.0.2.44",
        user_agent="Test",
    )
    letting.refresh_from_db()
    countersign(
        letting,
        actor=Actor.for_user(case_worker),
        image_png=drawn_png(),
        ip_address="192.0.2.10",
        user_agent="Test",
    )


def test_the_countersignature_reads_in_german_for_both_sides(
    client, letting, newcomer_user, case_worker, seal_certificate
):
    letting.party.refresh_from_db()
    _concluded(letting, case_worker)
    reference = letting.process.ticket.reference
    client.force_login(newcomer_user)
    page = client.get(reverse("portal:ticket", args=[reference])).content.decode()
    assert "Ergebnis: gegengezeichnet" in page
    assert "signed" not in page.replace("unsigned", "")
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[reference])).content.decode()
    assert "gegengezeichnet" in page
    assert ">signed<" not in page and "Ergebnis: signed" not in page


def test_the_tenants_ticket_page_leads_to_the_letting_process(client, letting, newcomer_user):
    reference = letting.process.ticket.reference
    client.force_login(newcomer_user)
    page = client.get(reverse("portal:ticket", args=[reference])).content.decode()
    assert f'href="{reverse("portal:process", args=[reference])}"' in page
    assert "Zum Vorgang „Vermietung mit Mietvertrag“" in page


def test_the_tenant_reads_that_the_agreement_waits_for_their_signature(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    page = client.get(reverse("portal:letting", args=[letting.process.ticket.reference])).content.decode()
    assert "wartet auf Ihre Unterschrift" in page
    assert "Unterschrift der Mieterin / des Mieters" not in page
    assert f'href="{reverse("portal:processes")}"' in page  # a way back


def test_the_process_page_offers_to_sign_only_while_the_signature_is_due(
    client, letting, newcomer_user, case_worker, seal_certificate
):
    reference = letting.process.ticket.reference
    client.force_login(newcomer_user)
    page = client.get(reverse("portal:process", args=[reference])).content.decode()
    assert "Mietvertrag lesen und unterschreiben" in page
    letting.party.refresh_from_db()
    _concluded(letting, case_worker)
    page = client.get(reverse("portal:process", args=[reference])).content.decode()
    assert "Mietvertrag lesen und unterschreiben" not in page
    assert "Mietvertrag ansehen" in page and "gegengezeichnet" in page
