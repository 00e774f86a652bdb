"""Writing from the mailbox: a mail to a tenant with a text block and a standard file arrives with one
greeting, the signature and the file, and the tenant's answer threads into the same ticket; a reply to a
waiting mail and a forward of a ticket message leave through the outbox too."""

import uuid

import pytest
from django.core import mail as sent_mail
from django.urls import reverse

from notifications.inbound import inbound_receive_raw
from notifications.models import InboundMail, MailRead, OutboxMessage
from notifications.tasks import deliver
from tests.backoffice.factories import StandardAttachmentFactory, TextBlockFactory
from tests.factories import TicketFactory
from tickets.models import Message, TicketEvent

pytestmark = pytest.mark.django_db

BLOCK = "{salutation},\n\nder Handwerker kommt am Montag.\n\nMit freundlichen Grüßen"


@pytest.fixture(autouse=True)
def mail_setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def writer(staff_client, case_worker):
    case_worker.signature = "Sabine Sachbearbeiterin\nTel. 030 123"
    case_worker.save()
    return staff_client


@pytest.fixture
def tenant_ticket(tenant, case_worker):
    tenant.salutation, tenant.email, tenant.language = "Frau", "erika@example.org", "de"
    tenant.save()
    return TicketFactory(reporter=tenant, assignee=case_worker)


def _delivered(row: OutboxMessage):
    deliver(row.pk)
    [email] = [m for m in sent_mail.outbox if m.subject == row.subject]
    return email


def test_a_mail_to_a_tenant_greets_once_is_signed_carries_the_file_and_the_answer_threads_back(
    writer, tenant, tenant_ticket
):
    url = reverse("backoffice:mailbox_compose")
    form = writer.get(url, {"party": tenant.pk}).context["form"]
    assert form.initial["to"] == "erika@example.org"
    block, rules = TextBlockFactory(body_de=BLOCK), StandardAttachmentFactory()
    data = {
        "to": "erika@example.org",
        "party": tenant.pk,
        "reference": tenant_ticket.reference,
        "subject": "Ihr Wasserhahn",
        "body": "",
        "text_block": block.pk,
        "standard_attachments": [rules.pk],
        "send_key": str(uuid.uuid4()),
    }
    inserted = writer.post(url, {**data, "insert": "1"}).context["form"]["body"].value()
    assert inserted.startswith("Sehr geehrte Frau Mustermann")
    response = writer.post(url, {**data, "body": inserted, "send": "1"})
    assert response.status_code == 302

    row = OutboxMessage.objects.get(kind="mailbox_mail")
    email = _delivered(row)
    assert email.to == ["erika@example.org"]
    assert email.body.count("Sehr geehrte Frau Mustermann") == 1 and "Guten Tag" not in email.body
    assert email.body.count("Mit freundlichen Grüßen") == 1
    assert "Sabine Sachbearbeiterin" in email.body
    assert [a[0] for a in email.attachments] == ["hausordnung.pdf"]
    message = tenant_ticket.messages.get()
    assert message.kind == Message.Kind.EMAIL_OUT and row.ticket_message == message

    answer = (
        "From: erika@example.org\r\nTo: service@example.org\r\nSubject: Re: Ihr Wasserhahn\r\n"
        f"Message-ID: <antwort-1@example.org>\r\nIn-Reply-To: {email.extra_headers['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nMontag passt.\r\n"
    ).encode()
    reply = inbound_receive_raw(raw=answer)
    assert isinstance(reply, Message) and reply.ticket == tenant_ticket
    assert reply.kind == Message.Kind.EMAIL_IN and "Montag passt." in reply.body


def test_the_same_form_sent_twice_is_one_mail(writer):
    data = {"to": "x@example.org", "subject": "Hallo", "body": "Text", "send_key": str(uuid.uuid4())}
    writer.post(reverse("backoffice:mailbox_compose"), data)
    writer.post(reverse("backoffice:mailbox_compose"), data)
    assert OutboxMessage.objects.filter(kind="mailbox_mail").count() == 1


def test_a_mail_to_any_address_is_a_sent_item_with_its_standard_file(writer, case_worker):
    rules = StandardAttachmentFactory()
    data = {
        "to": "architekt@example.com",
        "subject": "Pläne",
        "body": "Anbei die Hausordnung.",
        "standard_attachments": [rules.pk],
        "send_key": str(uuid.uuid4()),
    }
    assert writer.post(reverse("backoffice:mailbox_compose"), data).status_code == 302
    row = OutboxMessage.objects.get(kind="mailbox_mail")
    assert row.ticket is None and row.written_by == case_worker
    assert [a[0] for a in _delivered(row).attachments] == ["hausordnung.pdf"]
    page = writer.get(reverse("backoffice:mailbox_sent")).content.decode()
    assert "architekt@example.com" in page and "Pläne" in page


def test_a_reply_to_a_waiting_mail_answers_it_and_is_noted(writer, case_worker):
    waiting = InboundMail.objects.create(
        message_id="<frage-1@example.net>", from_address="nachbar@example.net", subject="Frage", body_text="?"
    )
    url = f"{reverse('backoffice:mailbox_compose')}?reply={waiting.pk}"
    form = writer.get(url).context["form"]
    assert form.initial["to"] == "nachbar@example.net" and form.initial["subject"] == "AW: Frage"
    data = {"to": "nachbar@example.net", "subject": "AW: Frage", "body": "Antwort.", "send_key": uuid.uuid4()}
    assert writer.post(url, data).status_code == 302
    row = OutboxMessage.objects.get(kind="mailbox_mail")
    assert row.answers == waiting
    assert _delivered(row).extra_headers["In-Reply-To"] == "<frage-1@example.net>"
    read = MailRead.objects.get(mail=waiting, user=case_worker)
    assert read.answered_at is not None


def test_a_forward_of_a_ticket_message_is_an_internal_row_on_the_timeline(writer, tenant_ticket, case_worker):
    note = Message.objects.create(ticket=tenant_ticket, kind=Message.Kind.TENANT, body="Es tropft.")
    url = f"{reverse('backoffice:mailbox_compose')}?forward={note.pk}"
    body = writer.get(url).context["form"].initial["body"]
    data = {"to": "klempner@example.com", "subject": "WG", "body": body, "send_key": uuid.uuid4()}
    response = writer.post(url, data)
    assert response.url == reverse("backoffice:ticket", args=[tenant_ticket.reference])
    event = tenant_ticket.events.get(kind=TicketEvent.Kind.EMAIL_OUT)
    assert not event.is_public and event.data["address"] == "klempner@example.com"
    assert "Es tropft." in _delivered(OutboxMessage.objects.get(kind="mailbox_mail")).body


def test_tenants_get_404(client, tenant):
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:mailbox_compose")).status_code == 404


def test_the_ticket_page_offers_to_forward_a_message(writer, tenant_ticket):
    note = Message.objects.create(ticket=tenant_ticket, kind=Message.Kind.TENANT, body="Es tropft.")
    page = writer.get(reverse("backoffice:ticket", args=[tenant_ticket.reference])).content.decode()
    assert f"{reverse('backoffice:mailbox_compose')}?forward={note.pk}" in page
