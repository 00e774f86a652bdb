"""Real-looking mail (tests/notifications/corpus/*.eml) through both ways in, the Postmark inbound webhook
and IMAP polling: no error, nothing lost, umlauts intact, each mail on the right ticket or in the inbox.
Replies carry the receiving server's DMARC verdict, as a provider adds it: without it (or our token) a
reference in the subject does not let a mail in."""

import base64
import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from notifications import imap
from notifications.models import InboundMail
from tests.factories import AffectedPartyFactory, ContractorFactory, PartyFactory
from tests.notifications.test_imap_polling import FakeIMAP
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"
SECRET = "webhook:s3cret-value"
HUGE_BYTES = 30 * 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def ticket(report, tenant):
    """The ticket the corpus mails answer: 2026-000123, reported by Erika Mustermann."""
    ticket = report()
    Ticket.objects.filter(pk=ticket.pk).update(reference="2026-000123")
    tenant.email = "erika.mustermann@example.net"
    tenant.save(update_fields=["email"])
    ticket.refresh_from_db()
    return ticket


def post_webhook(client, raw: bytes):
    payload = {"RawEmail": raw.decode("utf-8", "surrogateescape"), "MessageID": "pm-x", "Headers": []}
    return client.post(
        "/anymail/postmark/inbound/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )


@pytest.fixture(params=["webhook", "imap"])
def deliver(request, client):
    """Hand one raw mail to the product the way the provider or the mailbox would."""

    def send(raw: bytes) -> None:
        if request.param == "webhook":
            assert post_webhook(client, raw).status_code == 200
        else:
            mailbox = FakeIMAP([raw])
            assert imap.mailbox_poll(client=mailbox)["failed"] == 0
            assert mailbox.seen == {b"1"}

    return send


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def vouched(raw: bytes, domain: str = "example.net") -> bytes:
    """The mail as the receiving server hands it on, with its verdict on top."""
    return f"Authentication-Results: mx.example.org; dmarc=pass header.from={domain}\r\n".encode() + raw


def email_in(ticket) -> Message:
    return ticket.messages.get(kind=Message.Kind.EMAIL_IN)


def test_reply_with_reference_joins_its_ticket_as_plain_text(deliver, ticket, tenant):
    deliver(vouched(corpus("01-reply-reference-alternative.eml")))
    reply = email_in(ticket)
    assert reply.author_party == tenant
    assert "die Spülung läuft leider immer noch nach" in reply.body
    assert "<p>" not in reply.body and reply.body.count("Guten Tag") == 1


def test_latin1_mail_keeps_its_umlauts_and_euro_sign(deliver, ticket, tenant):
    deliver(corpus("02-latin1-umlauts.eml"))
    stored = InboundMail.objects.get()
    assert stored.subject == "Schimmel im Badezimmer - Wohnung Gärtnerstraße"
    assert "wächst Schimmel an der Außenwand" in stored.body_text and "45 €" in stored.body_text
    assert stored.party == tenant


def test_html_only_reply_threads_by_in_reply_to_and_loses_its_script(deliver, ticket):
    deliver(vouched(corpus("03-html-only-in-reply-to.eml")))
    body = email_in(ticket).body
    assert "die Tür schließt immer noch nicht richtig" in body and "- Schloss klemmt" in body
    assert "alert" not in body and "color:red" not in body and "<" not in body


def test_winmail_dat_from_the_contractor_gives_an_internal_note_and_pdf(deliver, ticket):
    ContractorFactory(name="Glaserei Müller", email="info@glaserei-mueller.example")
    deliver(vouched(corpus("04-outlook-winmail-dat.eml"), "glaserei-mueller.example"))
    reply = ticket.messages.get(kind=Message.Kind.CONTRACTOR)
    assert "Austausch des Küchenfensters" in reply.body and not reply.is_public
    pdf = reply.attachments.get()
    assert pdf.original_name == "Kostenvoranschlag-4711.pdf" and pdf.content_type == "application/pdf"
    assert pdf.file.read().startswith(b"%PDF-") and not pdf.is_public


def test_forwarded_mail_brings_its_text_and_photo(deliver, ticket):
    caretaker = PartyFactory(first_name="Karl", last_name="Hauswart", email="karl.hauswart@example.com")
    AffectedPartyFactory(ticket=ticket, party=caretaker)
    deliver(vouched(corpus("05-forwarded-as-attachment.eml"), "example.com"))
    reply = email_in(ticket)
    assert "Zur Info" in reply.body and "großer Wasserfleck" in reply.body
    photo = reply.attachments.get()
    assert photo.content_type == "image/jpeg" and photo.thumbnail


def test_outlook_auto_reply_creates_nothing(deliver, ticket):
    deliver(corpus("06-outlook-auto-reply.eml"))
    assert not ticket.messages.exists() and not InboundMail.objects.exists()
    assert not ticket.outbox_messages.filter(kind="tenant_reply").exists()


def test_bounce_report_marks_the_address_and_creates_nothing(deliver, ticket):
    gone = PartyFactory(email="max.altmieter@example.com")
    deliver(corpus("07-bounce-dsn.eml"))
    gone.refresh_from_db()
    assert gone.email_bounced_at is not None
    assert not ticket.messages.exists() and not InboundMail.objects.exists()


def test_unknown_sender_waits_in_the_inbox(deliver, db):
    deliver(corpus("08-unknown-sender.eml"))
    stored = InboundMail.objects.get()
    assert stored.party is None and stored.from_address == "jonas.interessent@example.com"
    assert stored.subject == "Anfrage: freie Wohnung in Köpenick?"


def test_huge_attachment_is_dropped_with_a_note_and_the_mail_kept(deliver, ticket, settings, tmp_path):
    mail = EmailMessage()
    mail["From"] = "erika.mustermann@example.net"
    mail["To"] = "service@example.org"
    mail["Subject"] = "[2026-000123] Video vom Wasserschaden"
    mail["Message-ID"] = "<huge-1@example.net>"
    mail.set_content("Hier das Video, man sieht das Wasser laufen.")
    mail.add_attachment(b"\0" * HUGE_BYTES, maintype="video", subtype="mp4", filename="wasser.mp4")
    deliver(vouched(mail.as_bytes()))
    reply = email_in(ticket)
    assert "Video" in reply.body and "„wasser.mp4“ (30.0 MB) ist zu groß" in reply.body
    assert not reply.attachments.exists()
    assert len(InboundMail.objects.get(message_id="<huge-1@example.net>").raw) > HUGE_BYTES


def test_same_mail_by_webhook_and_by_imap_is_stored_once(client, ticket):
    raw = vouched(corpus("01-reply-reference-alternative.eml"))
    assert post_webhook(client, raw).status_code == 200
    mailbox = FakeIMAP([raw])
    assert imap.mailbox_poll(client=mailbox) == {"stored": 0, "skipped": 1, "failed": 0}
    assert ticket.messages.filter(kind=Message.Kind.EMAIL_IN).count() == 1
    assert mailbox.seen == {b"1"}
