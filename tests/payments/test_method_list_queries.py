"""The approvers' list of payment method changes costs the same queries at 1 and at 50 rows."""

import pytest
from django.urls import reverse

from payments import methods
from tests.factories import TenancyFactory, UnitFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_at_1_and_50_rows(
    client, money_templates, case_worker, unit, django_assert_num_queries, rows
):
    for _ in range(rows):
        party = TenancyFactory(unit=UnitFactory(building=unit.building)).party
        methods.method_change_start(party=party, method="transfer", actor=Actor.for_party(party))
    client.force_login(case_worker)
    url = reverse("backoffice:method_changes")
    client.get(url)  # the session and the user are read once
    with django_assert_num_queries(5):
        page = client.get(url)
    assert page.content.decode().count('href="/backoffice/freigaben/zahlungsweise/') == rows
