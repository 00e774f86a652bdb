"""Who may write into a ticket by e-mail: the ticket's own people, when the mail proves it answers us (our
signed reply address, our Message-ID) or the receiving server vouches for the sender. Everyone else waits
in the mailbox, marked with the ticket the mail names. Staff and contractors write internal notes."""

import base64
import re

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.models.sql import InsertQuery
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import emails
from notifications.inbound import inbound_receive_raw
from notifications.models import InboundMail, OutboxMessage
from notifications.reply_match import sent_with_message_id
from notifications.services import build_email
from tests.factories import ContractorFactory, StaffFactory
from tickets.models import Message

pytestmark = pytest.mark.django_db

SQLITE = {
    "ENGINE": "django.db.backends.sqlite3",
    "ATOMIC_REQUESTS": False,
    "AUTOCOMMIT": True,
    "CONN_MAX_AGE": 0,
    "CONN_HEALTH_CHECKS": False,
    "OPTIONS": {},
    "TIME_ZONE": None,
    "USER": "",
    "PASSWORD": "",
    "HOST": "",
    "PORT": "",
    "TEST": {},
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def raw_mail(
    *, sender: str, subject: str, to: str = "service@example.org", top: str = "", **headers
) -> bytes:
    lines = [top] if top else []
    lines += [f"From: {sender}", f"To: {to}", f"Subject: {subject}", "Message-ID: <t-1@mail.example>"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEs tropft.\r\n").encode()


def with_pdfs(raw: bytes, names: list[bytes]) -> bytes:
    head, body = raw.split(b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
    parts = [b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body]
    for name in names:
        parts.append(
            b'--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="'
            + name
            + b'"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(PDF)
        )
    return head + b"\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" + b"".join(parts) + b"--B--\r\n"


def test_a_stranger_naming_a_ticket_waits_in_the_mailbox(report, client, case_worker):
    ticket = report()
    stored = inbound_receive_raw(
        raw=raw_mail(sender="fremd@example.com", subject=f"[{ticket.reference}] Hallo")
    )
    assert isinstance(stored, InboundMail) and stored.ticket is None
    assert stored.refers_to == ticket and stored.hold == InboundMail.Hold.UNKNOWN_SENDER
    assert not ticket.messages.exists()
    assert not ticket.outbox_messages.filter(kind="tenant_reply").exists()
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:mailbox")).content.decode()
    assert f"Bezieht sich auf {ticket.reference} – Absender unbekannt" in page


def test_a_forged_from_of_the_tenant_without_proof_waits_in_the_mailbox(report, tenant):
    ticket = report()
    forged = raw_mail(
        sender=tenant.email,
        subject=f"AW: [{ticket.reference}] Ihre Meldung",
        # The receiving server's verdict on top; the forger's own claim below it does not count.
        top="Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=evil.example; dmarc=fail",
        Authentication_Results="mx.example.org; dmarc=pass",
    )
    stored = inbound_receive_raw(raw=forged)
    assert stored.refers_to == ticket and stored.hold == InboundMail.Hold.UNCONFIRMED_SENDER
    assert stored.spf == "fail" and not ticket.messages.exists()


def test_the_tenants_reply_to_our_reply_address_threads_and_keeps_hostile_file_names(report, tenant):
    ticket = report()
    sent = build_email(ticket.outbox_messages.get(recipient_party=tenant))
    reply_to = sent.extra_headers["Reply-To"]
    assert emails.reply_token_read(reply_to).ticket_id == ticket.pk
    names = [b"../../etc/passwd.pdf", b"a" * 1000 + b".pdf", b"\xff\xfe kaputt.pdf", b"", b"nul\x00.pdf"]
    raw = with_pdfs(raw_mail(sender=tenant.email, subject="AW: Ihre Meldung", to=reply_to), names)
    reply = inbound_receive_raw(raw=raw)
    assert isinstance(reply, Message) and reply.ticket == ticket and reply.kind == Message.Kind.EMAIL_IN
    assert reply.author_party == tenant
    files = list(reply.attachments.all())
    assert len(files) == 5
    for attachment in files:
        stored_name = attachment.file.name.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored_name)
        assert attachment.file.name.startswith(f"tickets/{ticket.pk}/")
        assert "/" not in attachment.original_name and "\x00" not in attachment.original_name
        assert attachment.is_public
    assert {a.original_name for a in files} >= {"passwd.pdf", "nul.pdf"}


def test_someone_else_replying_with_the_tenants_reply_address_waits(report, tenant):
    ticket = report()
    reply_to = emails.reply_address(ticket_id=ticket.pk, recipient=tenant.email)
    stored = inbound_receive_raw(raw=raw_mail(sender="partner@example.com", subject="Re: x", to=reply_to))
    assert stored.refers_to == ticket and stored.hold == InboundMail.Hold.UNKNOWN_SENDER


def test_a_tampered_reply_address_proves_nothing(report, tenant):
    ticket = report()
    reply_to = emails.reply_address(ticket_id=ticket.pk, recipient=tenant.email)
    tampered = reply_to.replace(f"+{ticket.pk}-", f"+{ticket.pk + 1}-")
    stored = inbound_receive_raw(raw=raw_mail(sender=tenant.email, subject="Re: x", to=tampered))
    assert isinstance(stored, InboundMail) and stored.refers_to is None


def test_the_contractors_mail_is_internal_and_hidden_from_the_tenant(report, tenant, client):
    ticket = report()
    ContractorFactory(email="rechnung@sanitaer.example")
    reply_to = emails.reply_address(ticket_id=ticket.pk, recipient="rechnung@sanitaer.example")
    raw = raw_mail(sender="rechnung@sanitaer.example", subject="Rechnung 4711", to=reply_to)
    reply = inbound_receive_raw(raw=with_pdfs(raw, [b"Rechnung-4711.pdf"]))
    assert reply.kind == Message.Kind.CONTRACTOR and not reply.is_public
    invoice = reply.attachments.get()
    assert not invoice.is_public
    assert not ticket.events.filter(is_public=True, data__attachment_id=invoice.pk).exists()
    client.force_login(tenant.user)
    page = client.get(reverse("portal:ticket", args=[ticket.reference])).content.decode()
    assert "Es tropft." not in page and "Rechnung-4711" not in page
    assert client.get(reverse("portal:attachment", args=[invoice.pk])).status_code == 404


def test_a_staff_members_mail_is_an_internal_note(report):
    ticket = report()
    staff = StaffFactory(email="kollege@example.org")
    reply_to = emails.reply_address(ticket_id=ticket.pk, recipient=staff.email)
    reply = inbound_receive_raw(raw=raw_mail(sender=staff.email, subject="Notiz", to=reply_to))
    assert reply.kind == Message.Kind.INTERNAL and reply.author == staff


def test_threading_asks_no_json_containment_of_the_database(report, tenant):
    """SQLite (the embedded mode) has no JSON `contains`: the lookup by our Message-ID is a key lookup."""
    ticket = report()
    ours = ticket.outbox_messages.get(recipient_party=tenant).message_id
    with CaptureQueriesContext(connection) as queries:
        reply = inbound_receive_raw(raw=raw_mail(sender=tenant.email, subject="Re: x", In_Reply_To=ours))
    assert reply.ticket == ticket
    assert not [q["sql"] for q in queries if "@>" in q["sql"]]


def test_the_lookup_of_our_message_id_runs_on_sqlite():
    sqlite = DatabaseWrapper({**SQLITE, "NAME": ":memory:"}, alias="sqlite-check")
    try:
        with sqlite.schema_editor(atomic=False) as editor:
            editor.create_model(OutboxMessage)
        sqlite.disable_constraint_checking()  # the table alone, without the tables it points to
        insert = InsertQuery(OutboxMessage)
        row = OutboxMessage(idempotency_key="k", subject="s", body_text="b", headers={"Message-ID": "<x@y>"})
        insert.insert_values(
            [f for f in OutboxMessage._meta.local_concrete_fields if not f.primary_key], [row]
        )
        insert.get_compiler(connection=sqlite).execute_sql([])
        sql, params = sent_with_message_id(["<x@y>", "<z@y>"]).query.get_compiler(connection=sqlite).as_sql()
        with sqlite.cursor() as cursor:
            cursor.execute(sql, params)
            assert len(cursor.fetchall()) == 1
    finally:
        sqlite.close()


def test_without_reply_tokens_our_mail_has_no_plus_address(report, tenant, settings):
    settings.INBOUND_REPLY_TOKENS = False
    ticket = report()
    sent = build_email(ticket.outbox_messages.get(recipient_party=tenant))
    assert "Reply-To" not in sent.extra_headers
    assert sent.extra_headers["In-Reply-To"]
