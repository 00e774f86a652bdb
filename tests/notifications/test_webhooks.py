"""Delivery webhooks: only the provider (basic auth) may post; a bounce marks the address, once."""

import base64
import json

import pytest

from estate.models import Party
from notifications.models import DeliveryEvent
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
URL = "/anymail/postmark/tracking/"
SECRET = "webhook:s3cret-value"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


def post(client, payload, auth=SECRET):
    headers = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
    return client.post(URL, data=json.dumps(payload), content_type="application/json", **headers)


def bounce(email, event_id=4711):
    return {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "ID": event_id,
        "Email": email,
        "BouncedAt": "2026-11-20T10:00:00Z",
        "MessageID": "abc",
    }


@pytest.mark.parametrize("auth", [None, "webhook:wrong"])
def test_missing_or_wrong_secret_is_refused_and_nothing_stored(client, auth):
    party = PartyFactory()
    response = post(client, bounce(party.email), auth=auth)
    assert response.status_code in (400, 403)
    assert DeliveryEvent.objects.count() == 0
    party.refresh_from_db()
    assert party.email_bounced_at is None


def test_bounce_marks_the_party_for_letters(client):
    party = PartyFactory(email="Erika@Example.org")
    assert post(client, bounce("erika@example.org")).status_code == 200
    party.refresh_from_db()
    assert party.email_bounced_at is not None
    assert party.wants_letters


def test_replayed_event_is_processed_once(client):
    party = PartyFactory()
    post(client, bounce(party.email))
    Party.objects.filter(pk=party.pk).update(email_bounced_at=None)
    assert post(client, bounce(party.email)).status_code == 200
    party.refresh_from_db()
    assert party.email_bounced_at is None  # the replay changed nothing
    assert DeliveryEvent.objects.count() == 1


def test_delivered_event_marks_nothing(client):
    party = PartyFactory()
    payload = {"RecordType": "Delivery", "Recipient": party.email, "DeliveredAt": "2026-11-20T10:00:00Z"}
    assert post(client, payload).status_code == 200
    party.refresh_from_db()
    assert party.email_bounced_at is None


def test_after_a_bounce_the_tenant_gets_letters(client, report, tenant, case_worker):
    post(client, bounce(tenant.email))
    tenant.refresh_from_db()
    ticket = report(reporter=tenant)
    assert ticket.outbox_messages.get(kind="ticket_created").channel == "letter"
