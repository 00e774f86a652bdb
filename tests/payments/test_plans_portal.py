"""The tenant's page of a running plan says where to pay each instalment (the payee and IBAN beside the
reference, as the letter does) and reads the same number of times for a schedule of one and of 36
instalments; the staff's plan page likewise."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PartyFactory, TenancyFactory, resident_user

from .plan_helpers import running

pytestmark = pytest.mark.django_db


def _page(client, url) -> tuple[str, int]:
    cache.clear()  # the staff menu's permissions are cached per user: count from an empty cache
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    return " ".join(answer.content.decode().split()), len(queries)


def test_the_tenant_reads_where_to_pay(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker, amount="600.00", count=4)
    client.force_login(tenant.user)
    page, _ = _page(client, reverse("portal:payment_plan", args=[plan.reference]))
    assert (
        "Bitte überweisen Sie jede Rate an Wohnungsbau Musterstadt eG, IBAN DE02 1203 0000 0000 2020 51"
        in page
    )
    assert f"„{plan.reference} Rate“" in page and "150,00 €" in page


def test_plan_pages_read_alike_for_one_and_36_instalments(client, money_templates, tenant, case_worker):
    short = running(tenant, case_worker, amount="100.00", count=1)
    other = TenancyFactory(party=PartyFactory()).party
    resident_user(other)
    long = running(other, case_worker, amount="3600.00", count=36)

    client.force_login(tenant.user)
    _, one = _page(client, reverse("portal:payment_plan", args=[short.reference]))
    client.force_login(other.user)
    page, many = _page(client, reverse("portal:payment_plan", args=[long.reference]))
    assert page.count('class="p-state p-state--planned"') == 36
    assert many == one

    client.force_login(case_worker)
    _, one = _page(client, reverse("backoffice:payment_plan", args=[short.reference]))
    page, many = _page(client, reverse("backoffice:payment_plan", args=[long.reference]))
    assert "36" in page
    assert many == one


def test_the_running_schedule_reads_as_running_not_as_our_work(client, money_templates, tenant, case_worker):
    """The plan's running step is the system's (instalments fall due, the ERP reports payments): the
    tenant's process page says it runs, not "Bei uns in Bearbeitung" as if staff still had to act."""
    plan = running(tenant, case_worker, amount="600.00", count=4)
    client.force_login(tenant.user)
    page, _ = _page(client, reverse("portal:process", args=[plan.reference]))
    assert "Läuft." in page
    assert "Bei uns in Bearbeitung" not in page
