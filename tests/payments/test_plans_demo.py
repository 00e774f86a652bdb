"""The demo company has a running payment arrangement with one instalment paid and one late, which the
tenant and the case worker open; seeded once."""

import pytest
from django.urls import reverse

from demo import seed_demo
from payments.models import PaymentPlan

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_plan_with_a_paid_and_a_late_instalment(client):
    seed_demo(tickets=5)
    plan = PaymentPlan.objects.get()
    assert plan.state == PaymentPlan.State.ACTIVE
    states = list(plan.instalments.order_by("number").values_list("state", flat=True))
    assert states[:3] == ["paid", "late", "planned"]
    client.force_login(plan.party.user)
    page = client.get(reverse("portal:payment_plan", args=[plan.reference]))
    assert page.status_code == 200 and "überfällig" in page.content.decode()

    seed_demo(tickets=5)
    assert PaymentPlan.objects.count() == 1
