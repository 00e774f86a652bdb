"""The ERP hears of every change of a payment arrangement by webhook (payment_plan.changed), with the plan as
GET /payment-plans/{id} shows it: agreed, an instalment paid by staff, waived or late, and the plan broken
(the ERP's dunning takes over) or paid off. Nothing is written without a subscription."""

import datetime as dt
import json

import pytest

from api.models import EventKind, Scope, WebhookDelivery, WebhookSubscription
from payments.instalments import instalment_pay, instalment_waive
from payments.plan_reminders import check_instalments
from payments.plans import plan_end, plan_refuse
from tests.api.conftest import make_integration
from tickets.actors import Actor

from .plan_helpers import in_days, proposed, running

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    integration, _token = make_integration(Scope.PAYMENTS, name="ERP")
    WebhookSubscription.objects.create(
        integration=integration, kind=EventKind.PAYMENT_PLAN_CHANGED, url="https://erp.example.org/hook"
    )
    return integration


def _bodies():
    rows = WebhookDelivery.objects.filter(kind=EventKind.PAYMENT_PLAN_CHANGED).order_by("pk")
    return [json.loads(row.body) for row in rows]


def test_each_change_of_a_plan_reaches_the_erp(erp, money_templates, tenant, case_worker):
    staff = Actor.for_user(case_worker)
    plan = running(tenant, case_worker, amount="300.00", count=3, first_due=in_days(0))
    instalment_pay(plan.instalments.get(number=1), actor=staff)
    instalment_waive(plan.instalments.get(number=2), actor=staff, reason="Kulanz")
    third = plan.instalments.get(number=3)
    check_instalments(today=third.due_date + dt.timedelta(days=6))
    plan_end(plan, actor=staff, end_reason="broken", reason="Rate 3 nicht gezahlt")

    bodies = _bodies()
    assert [(b["change"], b["instalment"]) for b in bodies] == [
        ("agreed", None),
        ("instalment_paid", 1),
        ("instalment_waived", 2),
        ("instalment_late", 3),
        ("ended", None),
    ]
    agreed, paid, *_, ended = bodies
    assert agreed["type"] == "payment_plan.changed"
    assert agreed["payment_plan"]["reference"] == plan.reference
    assert agreed["payment_plan"]["state"] == "active"
    assert [i["state"] for i in paid["payment_plan"]["instalments"]] == ["paid", "planned", "planned"]
    assert ended["payment_plan"]["state"] == "ended" and ended["payment_plan"]["end_reason"] == "broken"
    assert ended["payment_plan"]["vera_status"] == "ANN"
    assert [i["state"] for i in ended["payment_plan"]["instalments"]] == ["paid", "waived", "late"]


def test_paid_off_and_refused_plans_are_announced(erp, money_templates, tenant, case_worker, other_tenant):
    plan = running(tenant, case_worker, amount="100.00", count=1, first_due=in_days(0))
    instalment_pay(plan.instalments.get(), actor=Actor.for_integration("ERP (API)"))
    assert [b["change"] for b in _bodies()] == ["agreed", "instalment_paid", "ended"]
    assert _bodies()[-1]["payment_plan"]["end_reason"] == "paid_off"
    refused = plan_refuse(proposed(other_tenant), actor=Actor.for_user(case_worker), reason="Gericht")
    assert _bodies()[-1]["change"] == "refused" and _bodies()[-1]["payment_plan"]["id"] == refused.pk


def test_no_subscription_no_delivery(money_templates, tenant, case_worker):
    running(tenant, case_worker)
    assert not WebhookDelivery.objects.exists()
