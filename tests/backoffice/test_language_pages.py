"""A staff member who chose English or Dutch reads the back-office's pages without German left in them."""

import re

import pytest
from django.urls import reverse

from accounts.roles import sync_roles
from tests.factories import CatalogItemFactory, StaffFactory, TicketFactory

pytestmark = pytest.mark.django_db

# Words and letters that only German has; Dutch shares "die", "was" and "over", so those are left out.
GERMAN = re.compile(r"\b(?:und|oder|der|das|nicht|Meldung|Meldungen|für|mit|bitte|Sie|keine|noch)\b|[äüß]")
PAGES = [
    "queue", "calendar", "people", "mailbox", "mailbox_compose", "mailbox_archive", "mailbox_sent",
    "mailbox_folder_new", "account", "intake", "knowledge", "approvals", "notices", "notice_new",
    "print_batches", "reports", "report_quality", "text_blocks", "text_block_new",
]  # fmt: skip


def german_bits(html: str) -> list[str]:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    texts = re.split(r"<[^>]+>", html) + re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', html)
    return [text.strip() for text in texts if GERMAN.search(text)]


@pytest.fixture
def lead(db):
    sync_roles()
    # Every page of the menu: the admin role may open them all.
    return StaffFactory(first_name="Tom", last_name="Lead", roles=["Teamleitung"], is_superuser=True)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_german_is_left_on_the_back_office_pages(client, lead, tenant, lang):
    lead.language = lang
    lead.save(update_fields=["language"])
    client.force_login(lead)
    item = CatalogItemFactory(
        name_de="Heizung kalt", name_en="Heating cold", name_nl="Verwarming koud",
        group__name_en="Plumbing", group__name_nl="Sanitair",
        group__category__name_en="Damage", group__category__name_nl="Schade",
    )  # fmt: skip
    ticket = TicketFactory(item=item, reporter=tenant, assignee=lead, description="—")
    found = {}
    for name in PAGES:
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 200, name
        found[name] = german_bits(response.content.decode())
    page = client.get(reverse("backoffice:ticket", args=[ticket.reference]))
    found["ticket"] = german_bits(page.content.decode())
    assert {page: bits for page, bits in found.items() if bits} == {}


def test_the_check_does_find_german(staff_client):
    assert german_bits(staff_client.get(reverse("backoffice:queue")).content.decode())
