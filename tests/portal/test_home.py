import pytest
from django.urls import reverse

from tests.factories import CaretakerAssignmentFactory, TicketFactory

pytestmark = pytest.mark.django_db


def test_home_query_count_is_the_same_for_1_and_20_open_tickets(
    tenant_client, tenant, django_assert_num_queries
):
    TicketFactory(reporter=tenant)
    tenant_client.get(reverse("portal:home"))
    # Session, user with party, the tickets affecting the tenant, the four kinds of place, the open tickets
    # and the lettings (Mietvertrag to sign or tenancy ahead); the menu's "Meine Aufträge" takes the
    # caretaker's places the page read.
    with django_assert_num_queries(9):
        tenant_client.get(reverse("portal:home"))
    TicketFactory.create_batch(19, reporter=tenant)
    with django_assert_num_queries(9):
        page = tenant_client.get(reverse("portal:home")).content.decode()
    assert page.count('class="p-card p-ticket"') == 20


def test_a_caretaker_sees_the_jobs_menu_without_asking_again(
    tenant_client, tenant, django_assert_num_queries
):
    CaretakerAssignmentFactory(party=tenant)
    tenant_client.get(reverse("portal:home"))
    with django_assert_num_queries(9):
        page = tenant_client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:jobs") in page
