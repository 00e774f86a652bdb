"""What a tenant receives: multipart, in their language, threaded, the reference in the subject."""

import pytest
from django.conf import settings
from django.core import mail

from notifications.emails import thread_root_id
from notifications.tasks import deliver

pytestmark = pytest.mark.django_db


def _send_confirmation(ticket):
    row = ticket.outbox_messages.get(kind="ticket_created")
    deliver(row.pk)
    return row, mail.outbox[-1]


def test_confirmation_is_multipart_german_and_threaded(report, tenant):
    ticket = report()
    row, email = _send_confirmation(ticket)
    assert email.to == [tenant.email]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert f"[{ticket.reference}]" in email.subject
    assert "Ihre Meldung ist bei uns eingegangen" in email.subject
    assert "Guten Tag Erika Mustermann," in email.body
    assert "WC-Spülung defekt" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="de">' in html
    assert settings.COMPANY["register"] in html and settings.COMPANY["register"] in email.body
    parsed = email.message()
    assert parsed["Message-ID"] == row.message_id
    assert parsed["Message-ID"].endswith("@example.org>")
    assert parsed["In-Reply-To"] == thread_root_id(ticket)
    assert parsed["References"] == thread_root_id(ticket)


def test_english_speaking_tenant_gets_english(report, tenant):
    tenant.language = "en"
    tenant.save(update_fields=["language"])
    ticket = report()
    _row, email = _send_confirmation(ticket)
    assert f"[{ticket.reference}]" in email.subject
    assert "Your report has been received" in email.subject
    assert "Toilet flush broken" in email.body
    assert "Kind regards" in email.body
    assert '<html lang="en">' in email.alternatives[0][0]


def test_every_mail_about_a_ticket_replies_to_the_same_root(report, case_worker):
    ticket = report()
    rows = list(ticket.outbox_messages.all())
    assert len({r.headers["In-Reply-To"] for r in rows}) == 1
    assert len({r.headers["Message-ID"] for r in rows}) == len(rows)


def test_tenant_without_email_gets_a_letter_row(report, tenant):
    tenant.prefers_letters = True
    tenant.save(update_fields=["prefers_letters"])
    row = report().outbox_messages.get(kind="ticket_created")
    assert row.channel == "letter"
    deliver(row.pk)
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.state == "pending"  # waits for the print batch
