"""A tenant whose e-mail bounced gets a letter instead, and it is in the next batch."""

import pytest
from django.utils import timezone

from notifications import printing
from notifications.models import OutboxMessage
from tests.letters.pdftools import page_texts

pytestmark = pytest.mark.pdf


def test_bounced_tenants_confirmation_is_printed_in_the_next_batch(report, tenant):
    tenant.email_bounced_at = timezone.now()
    tenant.save(update_fields=["email_bounced_at"])

    ticket = report()

    letter = ticket.outbox_messages.get(kind="ticket_created")
    assert letter.channel == OutboxMessage.Channel.LETTER
    batch = printing.print_batch_create(enqueue=False)
    assert list(batch.items.values_list("message_id", flat=True)) == [letter.pk]
    assert printing.print_batch_render(batch_id=batch.pk)
    batch.refresh_from_db()
    cover, confirmation = page_texts(batch.file.read())
    assert ticket.reference in cover and "Eingangsbestätigung" in cover
    assert f"Eingangsbestätigung zu Ihrer Meldung {ticket.reference}" in confirmation
    assert "Erika Mustermann" in confirmation
