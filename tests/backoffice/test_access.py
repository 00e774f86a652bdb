import pytest
from django.urls import reverse

from tests.factories import TicketFactory


@pytest.fixture
def ticket(db):
    return TicketFactory()


def _pages(ticket):
    return [
        reverse("backoffice:queue"),
        reverse("backoffice:export"),
        reverse("backoffice:ticket", args=[ticket.reference]),
    ]


def _writes(ticket):
    return [reverse("backoffice:bulk")] + [
        reverse(f"backoffice:{name}", args=[ticket.reference])
        for name in ("move", "release", "assign", "message", "priority", "follow_up")
    ]


def test_anonymous_visitor_is_sent_to_sign_in(client, ticket):
    for url in _pages(ticket):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("backoffice:signin") + "?next=")


def test_signed_in_tenant_gets_404_everywhere(client, tenant, ticket):
    client.force_login(tenant.user)
    for url in _pages(ticket):
        assert client.get(url).status_code == 404
    for url in _writes(ticket):
        assert client.post(url, {"version": ticket.version, "to": "done"}).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_write_views_refuse_get(staff_client, ticket):
    for url in _writes(ticket):
        assert staff_client.get(url).status_code == 405


def test_unknown_reference_is_404(staff_client):
    assert staff_client.get(reverse("backoffice:ticket", args=["2026-999999"])).status_code == 404
