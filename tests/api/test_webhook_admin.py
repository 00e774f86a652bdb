"""Webhooks in the admin: added on the integration's page with the secret shown once, deliveries listed
with their attempts, and sent again by an action."""

from django.urls import reverse

from api.models import EventKind, Scope, WebhookDelivery, WebhookSubscription
from tests import factories
from tests.api.conftest import make_integration
from tickets.actors import Actor
from tickets.workflow import release


def _admin(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))


def _form(integration, **hook) -> dict:
    return {
        "name": integration.name,
        "kind": integration.kind,
        "scopes": integration.scopes,
        "allowed_ips": "",
        "rate_limit_per_minute": "600",
        "active": "on",
        "webhooks-TOTAL_FORMS": "1",
        "webhooks-INITIAL_FORMS": "0",
        **{f"webhooks-0-{k}": v for k, v in hook.items()},
    }


def test_a_webhook_is_added_with_its_secret_shown_once(client, db):
    _admin(client)
    integration, _token = make_integration(Scope.TICKETS_READ)
    url = reverse("admin:api_integration_change", args=[integration.pk])
    response = client.post(
        url,
        _form(integration, kind=EventKind.STATUS_CHANGED, url="https://erp.example.com/hooks", active="on"),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    hook = WebhookSubscription.objects.get(integration=integration)
    assert hook.secret in client.get(url).content.decode()  # the page after saving
    assert hook.secret not in client.get(url).content.decode()


def test_plain_http_to_another_host_is_refused(client, db, settings):
    settings.DEBUG = False
    _admin(client)
    integration, _token = make_integration(Scope.TICKETS_READ)
    response = client.post(
        reverse("admin:api_integration_change", args=[integration.pk]),
        _form(integration, kind=EventKind.STATUS_CHANGED, url="http://erp.example.com/hooks", active="on"),
    )
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()


def test_deliveries_are_listed_shown_with_attempts_and_replayed(client, db):
    _admin(client)
    integration, _token = make_integration(Scope.TICKETS_READ)
    WebhookSubscription.objects.create(
        integration=integration, kind=EventKind.STATUS_CHANGED, url="http://127.0.0.1:9/hooks"
    )
    release(factories.TicketFactory(), actor=Actor.system(), contractor=factories.ContractorFactory())
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="failed")
    assert client.get(reverse("admin:api_webhookdelivery_changelist")).status_code == 200
    assert client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk])).status_code == 200
    response = client.post(
        reverse("admin:api_webhookdelivery_changelist"),
        {"action": "replay", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == "pending"
