"""The demo company has one co-tenant moving in, waiting for his consent; its tenant and staff see it."""

import pytest
from django.urls import reverse

from contracts.models import ContractChange
from demo import seed_demo

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_pending_move_in(client):
    seed_demo(tickets=5)
    change = ContractChange.objects.get()
    assert change.kind == "move_in" and change.state == ContractChange.State.PENDING
    assert change.person.display_name == "Jonas Berger"
    page = client_for(change.requested_by.user).get(reverse("portal:contract_changes")).text
    assert "Aufnahme eines Mitmieters" in page and "Jonas Berger" in page

    seed_demo(tickets=5)
    assert ContractChange.objects.count() == 1
