"""The demo company has one home swap waiting for the decision: staff see the decision form, both tenants
their state page; seeding twice changes nothing."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo import seed_demo
from swaps.models import HomeSwap

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_swap_at_the_decision(client):
    seed_demo(tickets=5)
    swap = HomeSwap.objects.select_related("process__current_step__template").get()
    assert swap.process.current_step.template.code == "decision"
    assert all(check.ok for check in swap.checks.all())
    assert swap.process.inspections.filter(finished_at__isnull=False).count() == 2
    client.force_login(User.objects.get(username="e.yilmaz"))
    page = client.get(reverse("backoffice:swap", args=[swap.reference])).content.decode()
    assert "Entscheidung festhalten und Briefe senden" in page
    for party in swap.parties():
        client.force_login(party.user)
        assert client.get(reverse("portal:swap", args=[swap.reference])).status_code == 200

    seed_demo(tickets=5)
    assert HomeSwap.objects.count() == 1
