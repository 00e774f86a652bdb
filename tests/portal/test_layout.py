"""The portal's menu, head and footer are rendered once and reused (knowledge/templatetags/layout.py): what a
page shows of them must still follow the page, the language and the person."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import CaretakerAssignmentFactory

pytestmark = pytest.mark.django_db


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_the_menu_marks_the_page_it_is_on(tenant_client):
    for name in ("home", "my_tickets", "building_tickets", "my_data", "home"):
        html = tenant_client.get(reverse(f"portal:{name}")).content.decode()
        assert _current(html) == [reverse(f"portal:{name}")]


def test_menu_and_footer_follow_the_language(tenant_client):
    german = tenant_client.get(reverse("portal:home")).content.decode()
    tenant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = tenant_client.get(reverse("portal:home")).content.decode()
    assert "Meine Meldungen" in german and "Service-Telefon" in german
    assert "My reports" in english and "Meine Meldungen" not in english
    assert "Service-Telefon" not in english


@pytest.mark.parametrize("page", ["my_tickets", "building_tickets", "home"])
def test_only_a_caretaker_has_the_jobs_entry(tenant_client, tenant, page):
    # The building's list and the home learn it from the places they read, the others ask.
    jobs = f'href="{reverse("portal:jobs")}"'
    assert jobs not in tenant_client.get(reverse(f"portal:{page}")).content.decode()
    CaretakerAssignmentFactory(party=tenant)
    assert jobs in tenant_client.get(reverse(f"portal:{page}")).content.decode()


def test_a_changed_company_shows_in_the_footer(tenant_client, settings):
    tenant_client.get(reverse("portal:home"))
    settings.COMPANY = {**settings.COMPANY, "hotline": "030 123 456 789"}
    assert "030 123 456 789" in tenant_client.get(reverse("portal:home")).content.decode()
