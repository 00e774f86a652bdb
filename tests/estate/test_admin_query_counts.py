"""Admin list pages cost the same number of queries for 1 row as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def party_row():
    tenancy = factories.TenancyFactory()
    factories.resident_user(tenancy.party)
    factories.BankAccountFactory(party=tenancy.party)


def unit_row():
    factories.UnitFactory()


def ticket_row():
    factories.TicketFactory(
        unit=factories.UnitFactory(), assignee=factories.StaffFactory(), team=factories.TeamFactory()
    )


PAGES = [
    ("admin:estate_party_changelist", party_row),
    ("admin:estate_unit_changelist", unit_row),
    ("admin:tickets_ticket_changelist", ticket_row),
    ("admin:estate_property_changelist", lambda: factories.BuildingFactory()),
    ("admin:estate_tenancy_changelist", lambda: factories.TenancyFactory()),
    ("admin:estate_contractor_changelist", lambda: factories.ContractorContactFactory()),
    ("admin:catalogs_catalogitem_changelist", lambda: factories.ExtraFieldFactory()),
    (
        "admin:catalogs_responsibility_changelist",
        lambda: factories.ResponsibilityFactory(
            property=factories.PropertyFactory(), user=factories.StaffFactory()
        ),
    ),
    (
        "admin:catalogs_workflowrule_changelist",
        lambda: factories.WorkflowRuleFactory(item=factories.CatalogItemFactory()),
    ),
]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("url_name", "make_row"), PAGES)
def test_list_queries_do_not_grow_with_rows(client, db, url_name, make_row):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    url = reverse(url_name)
    make_row()
    with_one = queries_for(client, url)
    for _ in range(19):
        make_row()
    assert queries_for(client, url) == with_one
