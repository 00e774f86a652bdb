"""A case worker's reply as the tenant reads it: one greeting and one closing, the signature, the footer of
the writer or their team, and the standard files attached to the e-mail (listed in the letter)."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.letters.outbox import spec_for
from notifications.models import OutboxMessage
from notifications.tasks import deliver
from tests.backoffice.factories import StandardAttachmentFactory, TextBlockFactory
from tests.factories import PartyFactory, TeamFactory, TicketFactory

pytestmark = pytest.mark.django_db

BLOCK = "{salutation},\n\nder Handwerker kommt am Montag.\n\nMit freundlichen Grüßen"


@pytest.fixture
def tenant_ticket(case_worker):
    reporter = PartyFactory(salutation="Frau", first_name="Erika", last_name="Mustermann", language="de")
    return TicketFactory(reporter=reporter, assignee=case_worker)


@pytest.fixture
def writer(client, case_worker):
    case_worker.signature = "Sabine Sachbearbeiterin\nTel. 030 123"
    case_worker.save()
    client.force_login(case_worker)
    return client


def _reply(client, ticket, **data):
    page = reverse("backoffice:ticket", args=[ticket.reference])
    url = reverse("backoffice:message", args=[ticket.reference])
    body = data.pop("body", None)
    if body is None:
        block = TextBlockFactory(body_de=BLOCK)
        body = client.get(page, {"baustein": block.pk}).context["message_form"]["body"].value()
    response = client.post(url, {"kind": "public", "body": body, "version": ticket.version, **data})
    assert response.status_code == 302
    return OutboxMessage.objects.get(ticket=ticket, kind="public_reply")


def test_a_reply_with_a_text_block_greets_and_closes_once_and_is_signed(writer, tenant_ticket):
    row = _reply(writer, tenant_ticket)
    for text in (row.body_text, row.body_html):
        assert text.count("Sehr geehrte Frau Mustermann") == 1
        assert text.count("Guten Tag") == 0
        assert text.count("Mit freundlichen Grüßen") == 1
        assert "Sabine Sachbearbeiterin" in text
    assert row.body_text.index("Mit freundlichen Grüßen") < row.body_text.index("Sabine Sachbearbeiterin")


def test_a_free_reply_gets_the_house_greeting_closing_and_signature(writer, tenant_ticket):
    row = _reply(writer, tenant_ticket, body="Der Handwerker kommt am Montag.")
    assert row.body_text.count("Guten Tag") == 1
    assert row.body_text.count("Mit freundlichen Grüßen") == 1
    assert "Sabine Sachbearbeiterin" in row.body_text


def test_the_footer_is_the_writers_then_the_teams(writer, case_worker, tenant_ticket, settings):
    tenant_ticket.team = TeamFactory(mail_footer="Team Nord · Hauptstraße 1")
    tenant_ticket.save()
    row = _reply(writer, tenant_ticket, body="Erledigt.")
    assert "Team Nord · Hauptstraße 1" in row.body_text
    assert settings.COMPANY["register"] not in row.body_text
    case_worker.mail_footer = "Sabine S. · Büro Süd"
    case_worker.save()
    tenant_ticket.refresh_from_db()
    second = TicketFactory(reporter=tenant_ticket.reporter, assignee=case_worker, team=tenant_ticket.team)
    row = _reply(writer, second, body="Erledigt.")
    assert "Sabine S. · Büro Süd" in row.body_text and "Team Nord" not in row.body_text


def test_the_standard_attachment_is_attached_to_the_sent_email(writer, tenant_ticket, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rules = StandardAttachmentFactory()
    row = _reply(writer, tenant_ticket, standard_attachments=[rules.pk])
    deliver(row.pk)
    [sent] = [m for m in mail.outbox if m.subject == row.subject]
    assert sent.attachments[0][:3] == ("hausordnung.pdf", b"%PDF-1.4 Hausordnung", "application/pdf")


def test_the_letter_names_the_attached_files(writer, case_worker, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tenant.prefers_letters = True
    tenant.save()
    ticket = TicketFactory(reporter=tenant, assignee=case_worker)
    row = _reply(writer, ticket, standard_attachments=[StandardAttachmentFactory().pk])
    assert row.channel == OutboxMessage.Channel.LETTER
    spec = spec_for(row)
    assert spec.context["messages"][-1]["files"] == ["hausordnung.pdf"]
