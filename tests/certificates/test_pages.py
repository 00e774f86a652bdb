"""The pages: the tenant's Bescheinigungen and Meine Dokumente, the staff list and the 360° view, each at
the same number of queries for 1 and 20 certificates; someone else's certificate and bad input answer 404
or 400 with nothing stored."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.factories import DocumentFactory, PartyFactory, StaffFactory, TenancyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _issued(party, n: int) -> Certificate:
    document = DocumentFactory(party=party, kind="mietbescheinigung", title=f"Mietbescheinigung (Stand {n})")
    return Certificate.objects.create(
        kind=Certificate.Kind.RENT,
        state=Certificate.State.ISSUED,
        party=party,
        tenancy=party.tenancies.first(),
        document=document,
        decided_at=timezone.now(),
    )


def _waiting(party) -> Certificate:
    return Certificate.objects.create(
        kind=Certificate.Kind.NO_ARREARS,
        party=party,
        tenancy=party.tenancies.first(),
        hold_reason="Das ERP meldet einen offenen Betrag von 0,01 €.",
    )


@pytest.mark.parametrize("rows", [1, 20])
def test_tenant_page_runs_a_fixed_number_of_queries(client, tenant, rows, django_assert_num_queries):
    for n in range(rows):
        _issued(tenant, n)
    _waiting(tenant)
    client.force_login(tenant.user)
    # session, user with party, the certificates with their documents, the caretaker check of the menu
    with django_assert_num_queries(4):
        page = client.get(reverse("portal:certificates")).content.decode()
    assert len(re.findall(r"/portal/dokumente/\d+/", page)) == rows and "in Bearbeitung" in page


@pytest.mark.parametrize("rows", [1, 20])
def test_staff_list_runs_a_fixed_number_of_queries(client, unit, rows, django_assert_num_queries):
    for _ in range(rows):
        party = TenancyFactory(unit=UnitFactory(building=unit.building), party=PartyFactory()).party
        _issued(party, 1)
        _waiting(party)
    client.force_login(StaffFactory(roles=["Teamleitung"]))
    cache.clear()  # the menu's permissions are cached per user id, which the next test may reuse
    # session, user, the ticket permissions behind the visibility rule, waiting, decided, the menu's (2)
    with django_assert_num_queries(7):
        page = client.get(reverse("backoffice:certificates")).content.decode()
    assert page.count("0,01 €") == rows and page.count("Mietbescheinigung") >= rows


def test_another_tenants_certificate_answers_404(client, tenant, other_tenant):
    theirs = _issued(other_tenant, 1)
    client.force_login(tenant.user)
    assert client.get(reverse("portal:document", args=[theirs.document_id])).status_code == 404
    mine = _issued(tenant, 2)
    page = client.get(reverse("portal:certificates")).content.decode()
    assert reverse("portal:document", args=[mine.document_id]) in page  # the one door to one's documents
    assert reverse("portal:document", args=[theirs.document_id]) not in page
    response = client.get(reverse("portal:document", args=[mine.document_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_waiting_certificate_has_no_pdf(client, tenant):
    waiting = _waiting(tenant)
    client.force_login(tenant.user)
    assert waiting.document_id is None
    assert "(PDF)" not in client.get(reverse("portal:certificates")).content.decode()


def test_a_nul_byte_or_an_unknown_kind_answers_404(client, tenant, case_worker):
    client.force_login(tenant.user)
    assert client.get(reverse("portal:certificates"), {"art": "miet\x00bescheinigung"}).status_code == 404
    assert client.get(reverse("portal:certificates"), {"art": "kontoauszug"}).status_code == 404
    assert client.get(reverse("portal:certificates"), {"art": "mietbescheinigung"}).status_code == 200
    client.force_login(case_worker)
    url = reverse("backoffice:certificate_for_ticket", args=["2026-000001X"]).replace("X", "%00")
    assert client.get(url).status_code == 404


def test_an_unknown_kind_posted_is_refused_and_nothing_stored(client, tenant):
    client.force_login(tenant.user)
    response = client.post(reverse("portal:certificates"), {"kind": "kontoauszug\x00"})
    assert response.status_code == 400 and "Diese Bescheinigung gibt es nicht." in response.content.decode()
    assert not Certificate.objects.exists()


def test_documents_page_lists_the_certificates_and_leads_to_the_certificates_page(client, tenant):
    _issued(tenant, 7)
    client.force_login(tenant.user)
    page = client.get(reverse("portal:documents")).content.decode()
    assert "Mietbescheinigung (Stand 7)" in page
    assert f'href="{reverse("portal:certificates")}"' in page


def test_the_360_view_shows_the_persons_certificates(client, tenant, case_worker):
    issued = _issued(tenant, 3)
    waiting = _waiting(tenant)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert "Bescheinigungen" in page and "Mietbescheinigung (Stand 3)" in page
    assert reverse("backoffice:certificate", args=[issued.pk]) in page
    assert reverse("backoffice:certificate", args=[waiting.pk]) in page


def test_the_report_wizards_certificate_item_leads_to_the_certificates_page(client, tenant):
    from tests.factories import CatalogItemFactory

    item = CatalogItemFactory(name_de="Mietbescheinigung", document_kind="mietbescheinigung")
    client.force_login(tenant.user)
    start = client.get(reverse("portal:report"))
    assert start.status_code == 200
    from portal.places import report_places

    place = report_places(tenant)[0]
    response = client.get(reverse("portal:report"), {"place": place.key, "item": item.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:certificates')}?art=mietbescheinigung"


def test_a_decided_certificate_is_not_decided_again(client, tenant, case_worker):
    issued = _issued(tenant, 1)
    client.force_login(case_worker)
    response = client.post(
        reverse("backoffice:certificate_refuse", args=[issued.pk]), {"version": 1, "reason": "x"}
    )
    assert response.status_code == 409
    issued.refresh_from_db()
    assert issued.state == Certificate.State.ISSUED


def test_the_certificate_page_answers_404_for_an_unknown_one(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("backoffice:certificate", args=[999999])).status_code == 404


def test_staff_read_the_issued_pdf_and_a_waiting_one_has_none(client, tenant, case_worker):
    issued, waiting = _issued(tenant, 1), _waiting(tenant)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:certificate", args=[issued.pk])).content.decode()
    assert reverse("backoffice:certificate_pdf", args=[issued.pk]) in page
    response = client.get(reverse("backoffice:certificate_pdf", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("backoffice:certificate_pdf", args=[waiting.pk])).status_code == 404
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:certificate_pdf", args=[issued.pk])).status_code in (302, 403, 404)
