"""A case worker's reply sent twice under the form's send key is one message and one e-mail, even though
the first copy moved the ticket's version on."""

import re
import uuid

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import PartyFactory, TicketFactory
from tickets.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(case_worker):
    return TicketFactory(reporter=PartyFactory(email="erika@example.org"), assignee=case_worker)


def _reply(client, ticket, key, body="Der Handwerker kommt am Montag.", version=None):
    url = reverse("backoffice:message", args=[ticket.reference])
    data = {"kind": "public", "body": body, "version": version or ticket.version, "reply_key": str(key)}
    return client.post(url, data)


def test_the_message_form_carries_a_send_key(staff_client, ticket):
    page = staff_client.get(reverse("backoffice:ticket", args=[ticket.reference]))
    assert page.status_code == 200
    assert uuid.UUID(re.search(r'name="reply_key" value="([^"]+)"', page.text)[1])


def test_a_reply_sent_twice_is_one_message_and_one_mail(staff_client, ticket):
    key = uuid.uuid4()
    first = _reply(staff_client, ticket, key)
    again = _reply(staff_client, ticket, key)  # the page's version, now outdated
    assert first.status_code == again.status_code == 302
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert OutboxMessage.objects.filter(ticket=ticket, kind="public_reply").count() == 1


def test_the_same_key_with_other_text_stores_nothing_more(staff_client, ticket):
    key = uuid.uuid4()
    _reply(staff_client, ticket, key)
    ticket.refresh_from_db()
    response = _reply(staff_client, ticket, key, body="Etwas ganz anderes.", version=ticket.version)
    assert response.status_code == 400
    assert "schon einmal gesendet" in response.text
    assert list(Message.objects.values_list("body", flat=True)) == ["Der Handwerker kommt am Montag."]


def test_two_replies_with_their_own_keys_are_two_messages(staff_client, ticket):
    _reply(staff_client, ticket, uuid.uuid4())
    ticket.refresh_from_db()
    _reply(staff_client, ticket, uuid.uuid4(), body="Und am Dienstag der Maler.", version=ticket.version)
    assert Message.objects.filter(ticket=ticket).count() == 2
