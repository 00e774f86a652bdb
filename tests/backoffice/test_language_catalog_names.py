"""Staff who chose English see the catalog's English names the admin filled in, German where none is."""

import pytest
from django.urls import reverse

from accounts.roles import sync_roles
from tests.factories import CatalogItemFactory, StaffFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return CatalogItemFactory(
        name_de="Heizung kalt", name_en="Heating cold",
        group__name_de="Heizung", group__name_en="Heating",
        group__category__name_de="Technik", group__category__name_en="",
    )  # fmt: skip


def in_english(client, user):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def test_queue_filter_selects_show_the_english_names_with_german_fallback(client, case_worker, item):
    html = in_english(client, case_worker).get(reverse("backoffice:queue")).content.decode()
    assert ">Technik – Heating</option>" in html
    assert ">Technik – Heizung</option>" not in html


def test_ticket_page_names_category_group_and_item_in_english(client, case_worker, item, tenant):
    ticket = TicketFactory(item=item, reporter=tenant)
    html = in_english(client, case_worker).get(reverse("backoffice:ticket", args=[ticket.reference]))
    assert "Technik › Heating › Heating cold" in html.content.decode()


def test_reports_category_select_is_in_english(client, item):
    sync_roles()
    item.group.category.name_en = "Technical"
    item.group.category.save()
    lead = StaffFactory(roles=["Teamleitung"])
    html = in_english(client, lead).get(reverse("backoffice:reports")).content.decode()
    assert ">Technical</option>" in html


def test_german_staff_still_read_german_names(staff_client, item):
    assert ">Technik – Heizung</option>" in staff_client.get(reverse("backoffice:queue")).content.decode()


def test_the_export_names_the_item_in_the_staff_member_s_language(client, case_worker, item, tenant):
    TicketFactory(item=item, reporter=tenant, assignee=case_worker)
    response = in_english(client, case_worker).get(reverse("backoffice:export"))
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Technik" in text and "Heating cold" in text
