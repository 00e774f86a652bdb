"""A reply that cannot be stored (the ticket is closed, the storage fails) stores nothing and shows the
page again with a German reason and, where the form is still offered, the text as typed."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import StaffFactory, TicketFactory
from tickets.models import Attachment, Message, TicketEvent
from tickets.status import Status

from .images import photo

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_closed_ticket_is_refused_with_a_reason(tenant_client, tenant):
    ticket = TicketFactory(reporter=tenant, status=Status.DONE)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]), {"body": "Es tropft schon wieder."}
    )
    assert response.status_code == 400
    assert "Diese Meldung ist abgeschlossen" in response.content.decode()
    assert not Message.objects.exists() and not TicketEvent.objects.exists()


def test_a_storage_failure_keeps_the_text_and_sends_nothing(tenant_client, tenant, media, monkeypatch):
    ticket = TicketFactory(reporter=tenant, assignee=StaffFactory())

    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]),
        {"body": "Es tropft jetzt auch im Flur.", "photos": [photo("flur.jpg")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Foto „flur.jpg“ konnte wegen einer Störung bei uns nicht gespeichert werden" in page
    assert "Es tropft jetzt auch im Flur.</textarea>" in page
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_refused_photo_is_named_and_the_text_kept(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]),
        {"body": "Siehe Anhang.", "photos": [photo("plan.gif", fmt="GIF")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "„plan.gif“ ist kein" in page and "Siehe Anhang.</textarea>" in page
    assert not Message.objects.exists()
