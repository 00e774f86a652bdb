"""Every e-mail to a tenant about a ticket links to its page; signing in from that link ends on it, and
only a path of the portal is followed after sign-in."""

import re

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from portal.signin import safe_next
from tests.factories import CatalogItemFactory, PropertyFactory
from tickets.actors import Actor
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db


def test_the_confirmation_mail_links_to_the_ticket(tenant, settings):
    settings.SITE_URL = "https://portal.example.org"
    ticket = ticket_create(
        actor=Actor.for_party(tenant),
        item=CatalogItemFactory(),
        prop=PropertyFactory(),
        reporter=tenant,
        description="Tropft",
    )
    mail = OutboxMessage.objects.get(kind="ticket_created", recipient_party=tenant)
    link = f"https://portal.example.org{reverse('portal:ticket', args=[ticket.reference])}"
    assert link in mail.body_text
    assert link in mail.body_html


def test_signing_in_from_the_mail_link_ends_on_the_ticket(
    client, tenant, mailoutbox, django_capture_on_commit_callbacks
):
    ticket_path = reverse("portal:ticket", args=["2026-000001"])
    response = client.get(ticket_path)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("portal:login"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(login_url, {"email": tenant.email}, REMOTE_ADDR="192.0.2.1")
    link = re.search(r"https?://[^/\s]+(/portal/anmelden/link/[^\s\"<]+)", mailoutbox[0].body).group(1)
    assert "next=" in link
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == ticket_path


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/portal/",
        "//evil.example/portal/",
        "/backoffice/",
        "/portal/\\\\evil.example",
        "javascript:alert(1)",
        "/portal/meldungen/\n/x",
        "",
        None,
    ],
)
def test_only_portal_paths_are_followed(value):
    assert safe_next(value) == ""


def test_a_portal_path_is_followed():
    assert safe_next("/portal/meldungen/2026-000001/") == "/portal/meldungen/2026-000001/"


def test_a_foreign_next_ends_on_the_home_page(client, tenant, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:login") + "?next=https://evil.example/",
            {"email": tenant.email},
            REMOTE_ADDR="192.0.2.1",
        )
    link = re.search(r"https?://[^/\s]+(/portal/anmelden/link/[^\s\"<]+)", mailoutbox[0].body).group(1)
    assert "evil" not in link
    response = client.post(link + "?next=https://evil.example/")
    assert response["Location"] == reverse("portal:home")
