"""Incoming e-mail: replies join their ticket, automatic mail is dropped, the rest waits in the inbox."""

import base64
import json

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


VOUCHED = {"Authentication_Results": "mx.example.org; dkim=pass header.d=example.org; dmarc=pass"}


def test_reply_with_reference_from_a_vouched_tenant_joins_the_ticket_once(report, tenant):
    ticket = report()
    subject = f"AW: [{ticket.reference}] Ihre Meldung"
    reply = inbound_receive(message=mail(subject, sender=tenant.email, **VOUCHED))
    assert reply.ticket == ticket and reply.kind == Message.Kind.EMAIL_IN
    assert reply.author_party == tenant
    assert inbound_receive(message=mail(f"AW: [{ticket.reference}]", sender=tenant.email, **VOUCHED)) is None
    assert ticket.messages.filter(kind=Message.Kind.EMAIL_IN).count() == 1
    # The case worker hears of it.
    assert ticket.outbox_messages.filter(kind="tenant_reply").exists()


def test_reply_to_our_message_id_threads_without_a_reference(report, tenant):
    ticket = report()
    ours = ticket.outbox_messages.get(recipient_party=tenant).message_id
    reply = inbound_receive(message=mail("Re: Frage", sender=tenant.email, In_Reply_To=ours))
    assert reply.ticket == ticket and reply.author_party == tenant


def test_reply_to_the_guessable_thread_root_alone_waits_in_the_mailbox(report, tenant):
    ticket = report()
    stored = inbound_receive(
        message=mail("Re: Frage", sender=tenant.email, In_Reply_To=thread_root_id(ticket))
    )
    assert isinstance(stored, InboundMail) and stored.refers_to == ticket
    assert stored.hold == InboundMail.Hold.UNCONFIRMED_SENDER


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


def test_reply_arrives_through_the_inbound_webhook(client, settings, report, tenant):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "webhook:s3cret-value"}
    ticket = report()
    # Postmark's own SPF verdict travels beside the mail, in the payload's header list.
    spf_pass = [
        {"Name": "Received-SPF", "Value": f"Pass (sender SPF authorized) envelope-from={tenant.email}"}
    ]
    raw = (
        f"From: {tenant.email}\r\nTo: service@example.org\r\n"
        f"Subject: AW: [{ticket.reference}] Ihre Meldung\r\n"
        "Message-ID: <reply-1@mail.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDanke!\r\n"
    )
    response = client.post(
        "/anymail/postmark/inbound/",
        data=json.dumps({"RawEmail": raw, "MessageID": "pm-1", "Headers": spf_pass}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"webhook:s3cret-value").decode(),
    )
    assert response.status_code == 200
    assert ticket.messages.get(kind=Message.Kind.EMAIL_IN).email_message_id == "<reply-1@mail.example>"
    assert InboundMail.objects.get(ticket=ticket).spf == "pass"


def test_inbound_webhook_with_a_broken_length_header_is_refused_not_a_500(client, db):
    response = client.generic(
        "POST",
        "/anymail/postmark/inbound/",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH="not-a-number",
    )
    assert response.status_code == 400
    assert not InboundMail.objects.exists()
