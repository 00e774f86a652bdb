"""A tenant's reply sent twice under the form's send key is one message; other content under it is
refused, and the key is each author's own."""

import re
import uuid

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, TicketFactory
from tickets.models import Attachment, Message
from tickets.reply_keys import ReplyKey

from .images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(tenant):
    return TicketFactory(reporter=tenant, assignee=StaffFactory())


def _reply(client, ticket, key, body="Es tropft noch immer.", **extra):
    url = reverse("portal:ticket_reply", args=[ticket.reference])
    return client.post(url, {"reply_key": str(key), "body": body, **extra})


def test_the_reply_form_carries_a_new_key_each_time_it_is_shown(tenant_client, ticket):
    url = reverse("portal:ticket", args=[ticket.reference])
    keys = {re.search(r'name="reply_key" value="([^"]+)"', tenant_client.get(url).text)[1] for _ in range(2)}
    assert len({uuid.UUID(k) for k in keys}) == 2


def test_same_key_sent_twice_stores_one_message_with_its_photo(tenant_client, ticket, media):
    key = uuid.uuid4()
    first = _reply(tenant_client, ticket, key, photos=[photo("nass.jpg")])
    again = _reply(tenant_client, ticket, key, photos=[photo("nass.jpg")])
    assert first.status_code == again.status_code == 302
    message = Message.objects.get(ticket=ticket)
    assert Attachment.objects.filter(message=message).count() == 1
    assert ReplyKey.objects.get().message == message


def test_same_key_with_other_text_is_refused_and_the_text_kept(tenant_client, ticket):
    key = uuid.uuid4()
    _reply(tenant_client, ticket, key)
    response = _reply(tenant_client, ticket, key, body="Jetzt auch im Keller.")
    assert response.status_code == 409
    assert "schon einmal gesendet" in response.text and "Jetzt auch im Keller." in response.text
    assert Message.objects.get().body == "Es tropft noch immer."


def test_a_refused_form_keeps_its_key_and_then_sends_once(tenant_client, ticket):
    key = uuid.uuid4()
    response = _reply(tenant_client, ticket, key, body="\u200b")
    assert response.status_code == 400 and f'value="{key}"' in response.text
    for _ in range(2):
        _reply(tenant_client, ticket, key)
    assert Message.objects.count() == 1


def test_a_reply_without_a_key_is_stored_as_before(tenant_client, ticket):
    url = reverse("portal:ticket_reply", args=[ticket.reference])
    for _ in range(2):
        assert tenant_client.post(url, {"body": "Noch da?"}).status_code == 302
    assert Message.objects.count() == 2 and not ReplyKey.objects.exists()
