"""Mail that must not start a conversation: our own mail coming back, delivery reports, unreadable mail."""

from email.message import EmailMessage

import pytest

from notifications.inbound import inbound_receive, inbound_receive_raw
from notifications.models import InboundMail, OutboxMessage
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def mail(sender: str, subject: str, body: str = "Text", **headers) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "service@example.org", subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def test_mail_from_our_own_address_is_ignored(report, settings):
    ticket = report()
    own = mail(settings.DEFAULT_FROM_EMAIL, f"[{ticket.reference}] Ihre Meldung", Message_ID="<own-1@x>")
    assert inbound_receive(message=own) is None
    assert not ticket.messages.exists() and not InboundMail.objects.exists()


def test_bounce_finds_the_recipient_through_our_message_id(db):
    party = PartyFactory(email="alt@example.com")
    OutboxMessage.objects.create(
        idempotency_key="k1",
        recipient_address="alt@example.com",
        subject="Ihre Meldung",
        body_text="x",
        headers={"Message-ID": "<ours-42@example.org>"},
    )
    report = EmailMessage()
    report["From"] = "postmaster@mx.example.com"
    report["Subject"] = "Delivery Status Notification (Failure)"
    report["Message-ID"] = "<dsn-1@mx.example.com>"
    report.set_content("Delivery failed.")
    report.add_attachment(
        "Message-ID: <ours-42@example.org>\r\nTo: a-forwarded-alias@example.com\r\n",
        subtype="rfc822-headers",
    )
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    report.set_param("boundary", report.get_boundary() or "b")
    assert inbound_receive(message=report) is None
    party.refresh_from_db()
    assert party.email_bounced_at is not None


def test_mail_without_message_id_is_still_stored_once():
    raw = b"From: neu@example.net\r\nSubject: Hallo\r\nDate: Sun, 22 Nov 2026 10:00:00 +0100\r\n\r\nText\r\n"
    assert isinstance(inbound_receive_raw(raw=raw), InboundMail)
    assert inbound_receive_raw(raw=b"Received: from relay\r\n" + raw) is None
    assert InboundMail.objects.count() == 1


def test_mail_with_a_broken_charset_label_keeps_its_text():
    raw = (
        b"From: neu@example.net\r\nSubject: =?x-unknown?Q?Gr=FC=DFe?=\r\nMessage-ID: <b-1@x>\r\n"
        b"Content-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        b"Gr\xc3\xbc\xc3\x9fe aus der Wohnung\r\n"
    )
    stored = inbound_receive_raw(raw=raw)
    assert "Grüße aus der Wohnung" in stored.body_text
