"""Each party sees the letting on their own page: the staff list (queries fixed whatever the count), the
360° person view, the portal's contract page; and `check --deploy` warns without a seal certificate."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from letting.services import start_letting
from tests.factories import PartyFactory, UnitFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def more_lettings(count, case_worker):
    for _n in range(count):
        start_letting(
            party=PartyFactory(),
            unit=UnitFactory(),
            start=timezone.localdate() + dt.timedelta(days=20),
            rent_net=Decimal("450"),
            operating_costs=Decimal("90"),
            deposit=Decimal("900"),
            by=Actor.for_user(case_worker),
        )


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    assert answer.status_code == 200
    return len(queries)


def test_the_staff_list_reads_a_fixed_number_of_queries(client, letting, case_worker):
    client.force_login(case_worker)
    path = reverse("backoffice:lettings")
    count_queries(client, path)  # warm the menu's cache
    one = count_queries(client, path)
    more_lettings(3, case_worker)
    assert count_queries(client, path) == one
    page = client.get(path).content.decode()
    assert letting.contract_number in page and "Lena Neumann" in page
    assert "wartet auf Unterschrift der Mieterin / des Mieters" in page


def test_the_360_view_lists_the_letting(client, letting, case_worker, newcomer):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:person", args=[newcomer.pk])).content.decode()
    assert "Vermietung" in page
    assert reverse("backoffice:letting", args=[letting.process.ticket.reference]) in page
    assert "792,50 €" in page


def test_staff_enter_a_letting_for_a_person_of_the_360_view(
    client, case_worker, letting_templates, newcomer, vacant_unit
):
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:letting_new") + f"?person={newcomer.pk}",
        {
            "party": newcomer.pk,
            "property_code": vacant_unit.building.property.code,
            "unit_number": vacant_unit.number,
            "start": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            "rent_net": "700,00",
            "operating_costs": "200,00",
            "deposit": "2.100,00",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    letting = newcomer.lettings.get()
    assert (letting.rent_net, letting.deposit, letting.source) == (Decimal("700"), Decimal("2100"), "staff")
    page = client.get(answer["Location"]).content.decode()
    assert "Noch niemand hat unterschrieben" in page


def test_the_portal_page_shows_the_terms_and_the_sign_form(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.get(reverse("portal:lettings"))
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "Mietvertrag" in page and "792,50 €" in page and "1.837,50 €" in page
    assert "data-signature" in page and "inspection.js" in page
    pdf = client.get(reverse("portal:letting_pdf", args=[letting.process.ticket.reference]))
    assert pdf["Content-Type"] == "application/pdf"


def test_check_deploy_warns_without_a_seal_certificate(settings):
    settings.LEASE_SEAL_CERT = ""
    from letting.checks import seal_certificate

    [warning] = seal_certificate(None)
    assert warning.id == "letting.W001"
    settings.LEASE_SEAL_CERT = "/nicht/vorhanden.p12"
    [warning] = seal_certificate(None)
    assert warning.id == "letting.W002"


def test_check_deploy_warns_about_a_wrong_password(seal_certificate, settings):
    from letting.checks import seal_certificate as check

    assert check(None) == []
    settings.LEASE_SEAL_PASSWORD = "falsch"
    [warning] = check(None)
    assert warning.id == "letting.W003"


def test_check_deploy_lists_the_warning(settings):
    settings.LEASE_SEAL_CERT = ""
    out = io.StringIO()
    call_command("check", deploy=True, fail_level="CRITICAL", stdout=out, stderr=out)
    assert "letting.W001" in out.getvalue()


def test_the_process_pages_lead_to_the_letting(client, letting, newcomer_user, case_worker):
    reference = letting.process.ticket.reference
    client.force_login(newcomer_user)
    page = client.get(reverse("portal:process", args=[reference])).content.decode()
    assert reverse("portal:letting", args=[reference]) in page
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[reference])).content.decode()
    assert reverse("backoffice:letting", args=[reference]) in page


def test_admins_edit_the_clauses_and_read_the_lettings(admin_client, letting):
    from letting.models import ContractClause

    clause = ContractClause.objects.get(title="Tierhaltung")
    assert admin_client.get(reverse("admin:letting_contractclause_changelist")).status_code == 200
    answer = admin_client.post(
        reverse("admin:letting_contractclause_change", args=[clause.pk]),
        {"position": 75, "title": "Haustiere", "body": "Haustiere sind erlaubt.", "is_active": "on"},
    )
    assert answer.status_code == 302
    clause.refresh_from_db()
    assert (clause.title, clause.body) == ("Haustiere", "Haustiere sind erlaubt.")
    page = admin_client.get(reverse("admin:letting_letting_changelist")).content.decode()
    assert letting.contract_number in page
    assert admin_client.get(reverse("admin:letting_letting_add")).status_code == 404  # read only
