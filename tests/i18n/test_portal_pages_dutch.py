"""Every portal page a tenant opens reads Dutch throughout when Dutch is chosen."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

# "melden" is Dutch as well, so it is not on the list.
GERMAN = re.compile(r"\b(Meldung|Meldungen|Bitte|Ihre|Ihr|Anliegen|Zurück|Wohnung|Sie)\b")


def visible_text(html: str) -> str:
    """The words on screen: no tags, scripts, styles or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "url_name", ["home", "my_tickets", "building_tickets", "notices", "documents", "my_data", "report"]
)
def test_portal_page_has_no_german_words_in_dutch(client, tenant, url_name):
    TicketFactory(reporter=tenant)
    client.force_login(tenant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(reverse(f"portal:{url_name}"))
    assert page.status_code == 200
    assert GERMAN.findall(visible_text(page.content.decode())) == []


def test_ticket_page_has_no_german_words_in_dutch(client, tenant):
    ticket = TicketFactory(reporter=tenant)
    client.force_login(tenant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(reverse("portal:ticket", args=[ticket.reference]))
    assert GERMAN.findall(visible_text(page.content.decode())) == []
