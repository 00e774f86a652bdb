"""Mietrückstand: the ERP reports what a tenant owes; payments.arrears answers whether they are in arrears
(one query for a whole list); the admin shows it read-only."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Scope
from payments.arrears import arrear_report, in_arrears, open_arrear, parties_in_arrears
from payments.models import Arrear
from tests.api.conftest import ApiClient, make_integration
from tests.factories import PartyFactory, TenancyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    cache.clear()
    return ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])


def put(erp, path, body):
    return erp.client.put(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=erp.headers
    )


def test_erp_reports_an_arrear_per_tenancy_and_it_counts(erp, tenant):
    tenancy = tenant.tenancies.get()
    tenancy.external_id = "MV-4711"
    tenancy.save()
    answer = put(
        erp, "/arrears/tenancies/MV-4711", {"amount": "612.40", "as_of": "2026-11-01", "external_id": "RS-1"}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["amount"] == "612.40"
    assert answer.json()["tenancy_external_id"] == "MV-4711"
    assert in_arrears(tenant)
    assert open_arrear(tenant).amount == Decimal("612.40")

    # The next report replaces it; 0 clears it.
    answer = put(erp, "/arrears/tenancies/MV-4711", {"amount": "0", "as_of": "2026-11-15"})
    assert answer.status_code == 200
    assert Arrear.objects.count() == 1
    assert not in_arrears(tenant)
    assert open_arrear(tenant) is None


def test_an_older_report_does_not_overwrite_a_newer_one(erp, tenant):
    tenant.external_id = "P-1"
    tenant.save()
    put(erp, "/arrears/parties/P-1", {"amount": "100.00", "as_of": "2026-11-10"})
    put(erp, "/arrears/parties/P-1", {"amount": "900.00", "as_of": "2026-11-01"})
    assert Arrear.objects.get().amount == Decimal("100.00")


@pytest.mark.parametrize("amount", ["-1", "abc", "1.234"])
def test_a_bad_amount_is_refused_and_nothing_stored(erp, tenant, amount):
    tenant.external_id = "P-1"
    tenant.save()
    answer = put(erp, "/arrears/parties/P-1", {"amount": amount})
    assert answer.status_code == 422
    assert not Arrear.objects.exists()


def test_unknown_party_is_404(erp):
    assert put(erp, "/arrears/parties/nobody", {"amount": "1"}).status_code == 404


def test_a_system_without_the_scope_is_refused(tenant):
    tenant.external_id = "P-1"
    tenant.save()
    other = ApiClient(make_integration(Scope.TICKETS_READ, name="Other")[1])
    assert put(other, "/arrears/parties/P-1", {"amount": "1"}).status_code == 403


def test_erp_lists_the_open_arrears(erp, tenant, other_tenant):
    arrear_report(tenant, amount=Decimal("50"))
    arrear_report(other_tenant, amount=Decimal("0"))
    answer = erp.get("/arrears", open="true")
    assert [row["party_id"] for row in answer.json()["items"]] == [tenant.pk]


def test_a_future_report_does_not_count_before_its_day(tenant):
    today = timezone.localdate()
    arrear_report(tenant, amount=Decimal("80"), as_of=today + dt.timedelta(days=3))
    assert not in_arrears(tenant, on=today)
    assert in_arrears(tenant, on=today + dt.timedelta(days=3))


def test_sums_over_tenancies_and_asks_many_in_one_query(tenant):
    garage = TenancyFactory(party=tenant)
    arrear_report(tenant, amount=Decimal("100"), tenancy=tenant.tenancies.exclude(pk=garage.pk).get())
    arrear_report(tenant, amount=Decimal("20.50"), tenancy=garage)
    others = PartyFactory.create_batch(5)
    arrear_report(others[0], amount=Decimal("1"))
    assert open_arrear(tenant).amount == Decimal("120.50")
    with CaptureQueriesContext(connection) as queries:
        found = parties_in_arrears([tenant.pk] + [p.pk for p in others])
    assert found == {tenant.pk, others[0].pk}
    assert len(queries) == 1


def test_admin_shows_it_read_only(client, tenant):
    arrear = arrear_report(tenant, amount=Decimal("75"))[0]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/payments/arrear/{arrear.pk}/change/")
    assert page.status_code == 200
    assert "75" in page.content.decode()
    assert 'name="amount"' not in page.content.decode()
    assert client.get("/admin/payments/arrear/add/").status_code in (403, 404)
