"""Every change to an instalment is a timeline row that says what happened, in the reader's words: the
tenant reads on their ticket page that the ERP booked a payment ("Verwaltung", never a contractor), that
staff waived one and that a late one was reminded; the case worker reads the same on the ticket page, plus
that they were told, which the tenant does not see."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.models import Scope
from payments.instalments import instalment_waive
from payments.models import Instalment
from payments.plan_reminders import check_instalments
from tests.api.conftest import ApiClient, make_integration
from tickets.actors import Actor

from .plan_helpers import in_days, running

pytestmark = pytest.mark.django_db


def _timeline(page: str) -> str:
    return " ".join(page.split())


def test_tenant_and_case_worker_read_each_instalment_change(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker, amount="300.00", count=3, first_due=in_days(0))
    cache.clear()
    erp = ApiClient(make_integration(Scope.PAYMENTS, name="ERP Wodis")[1])
    assert erp.post(f"/payment-plans/{plan.pk}/instalments/1/payment", {}, key="r1").status_code == 200
    instalment_waive(
        plan.instalments.get(number=2), actor=Actor.for_user(case_worker), reason="Kulanz nach Wasserschaden"
    )
    third = plan.instalments.get(number=3)
    late_day = third.due_date + dt.timedelta(days=6)
    assert check_instalments(today=late_day) == (1, 0)
    assert check_instalments(today=late_day + dt.timedelta(days=14)) == (0, 1)
    assert Instalment.objects.get(pk=third.pk).state == "late"
    due = f"{third.due_date:%d.%m.%Y}"

    client.force_login(tenant.user)
    page = _timeline(client.get(reverse("portal:ticket", args=[plan.reference])).content.decode())
    assert "Rate 1 bezahlt" in page and f"100,00 €, fällig am {in_days(0):%d.%m.%Y}" in page
    assert "Rate 2 erlassen" in page
    assert "Rate 3 überfällig: Erinnerung gesendet" in page and f"100,00 €, fällig am {due}" in page
    assert "Handwerksbetrieb" not in page and "Vorgang: Ratenzahlung" not in page
    assert "Verwaltung" in page  # who booked the payment and sent the reminder
    assert "Sachbearbeitung informiert" not in page and "ERP Wodis" not in page

    client.force_login(case_worker)
    page = _timeline(client.get(reverse("backoffice:ticket", args=[plan.reference])).content.decode())
    assert "ERP Wodis (API)" in page and "Rate 1 bezahlt" in page
    assert "Rate 2 erlassen" in page and "Begründung: Kulanz nach Wasserschaden" in page
    assert "Rate 3 überfällig: Erinnerung gesendet" in page
    assert "Rate 3 weiter überfällig: Sachbearbeitung informiert" in page
