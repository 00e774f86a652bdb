"""Incoming e-mail: replies join their ticket, automatic mail is dropped, the rest waits in the inbox."""

import pytest
from anymail.inbound import AnymailInboundMessage

from notifications.emails import thread_root_id
from notifications.inbound import inbound_receive
from notifications.models import InboundMail
from tickets.models import Message

pytestmark = pytest.mark.django_db


def mail(subject, *, sender="erika@example.org", message_id="<m1@mail.example>", **headers):
    lines = [f"From: {sender}", "To: service@example.org", f"Subject: {subject}", f"Message-ID: {message_id}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    raw = "\r\n".join(lines) + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEs tropft immer noch.\r\n"
    return AnymailInboundMessage.parse_raw_mime(raw)


def test_reply_with_reference_joins_the_ticket_once(report, tenant):
    ticket = report()
    reply = inbound_receive(message=mail(f"AW: [{ticket.reference}] Ihre Meldung", sender=tenant.email))
    assert reply.ticket == ticket and reply.kind == Message.Kind.EMAIL_IN
    assert reply.author_party == tenant
    assert inbound_receive(message=mail(f"AW: [{ticket.reference}]", sender=tenant.email)) is None
    assert ticket.messages.filter(kind=Message.Kind.EMAIL_IN).count() == 1
    # The case worker hears of it.
    assert ticket.outbox_messages.filter(kind="tenant_reply").exists()


def test_reply_threads_by_in_reply_to(report):
    ticket = report()
    reply = inbound_receive(message=mail("Re: Frage", In_Reply_To=thread_root_id(ticket)))
    assert reply.ticket == ticket


@pytest.mark.parametrize(
    "headers", [{"Auto_Submitted": "auto-replied"}, {"X_Autoreply": "yes"}, {"Precedence": "bulk"}]
)
def test_automatic_replies_create_nothing(report, headers):
    ticket = report()
    assert inbound_receive(message=mail(f"Abwesend: [{ticket.reference}]", **headers)) is None
    assert not ticket.messages.exists()
    assert not InboundMail.objects.exists()


def test_unknown_mail_waits_in_the_inbox(db):
    stored = inbound_receive(message=mail("Frage zur Nebenkostenabrechnung", sender="neu@example.net"))
    assert isinstance(stored, InboundMail)
    assert stored.from_address == "neu@example.net"
    assert inbound_receive(message=mail("Frage zur Nebenkostenabrechnung", sender="neu@example.net")) is None
    assert InboundMail.objects.count() == 1
