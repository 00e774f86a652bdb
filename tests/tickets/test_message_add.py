"""message_add: who may write on a closed ticket is decided here, not by what the page shows; a message
with photos is one transaction."""

import pytest
from django.core.files.storage import FileSystemStorage

from notifications.models import OutboxMessage
from tests.factories import TicketFactory
from tests.portal.images import photo
from tickets.actors import Actor
from tickets.errors import AttachmentNotStored, InvalidTicket
from tickets.models import Attachment, Message, TicketEvent
from tickets.services import message_add
from tickets.status import Status
from tickets.uploads import clean_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("status", [Status.DONE, Status.REJECTED])
def test_a_tenant_may_not_write_on_a_closed_ticket(tenant, status):
    ticket = TicketFactory(reporter=tenant, status=status)
    with pytest.raises(InvalidTicket) as refused:
        message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Noch da!")
    assert "abgeschlossen" in str(refused.value.message)
    assert not Message.objects.exists() and not ticket.events.exists()


def test_staff_may_still_write_on_a_closed_ticket(tenant, case_worker):
    ticket = TicketFactory(reporter=tenant, status=Status.DONE)
    message_add(
        ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.PUBLIC, body="Nachtrag: Rechnung."
    )
    assert Message.objects.get().ticket == ticket


def test_an_incoming_mail_still_joins_a_closed_ticket(tenant):
    # It was sent already; refusing it would only hide it from the case worker.
    ticket = TicketFactory(reporter=tenant, status=Status.DONE)
    message_add(
        ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.EMAIL_IN, body="Tropft wieder."
    )
    assert Message.objects.filter(ticket=ticket).exists()


def test_photos_come_with_the_message(tenant, media):
    ticket = TicketFactory(reporter=tenant)
    message = message_add(
        ticket=ticket,
        actor=Actor.for_party(tenant),
        kind=Message.Kind.TENANT,
        body="Es tropft jetzt auch.",
        images=[clean_image(photo("tropfen.jpg"))],
    )
    assert message.attachments.get().original_name == "tropfen.jpg"
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == [TicketEvent.Kind.MESSAGE, TicketEvent.Kind.ATTACHMENT]


def test_a_storage_failure_leaves_no_message_and_no_mail(tenant, media, monkeypatch):
    ticket = TicketFactory(reporter=tenant, assignee=None)

    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    with pytest.raises(AttachmentNotStored):
        message_add(
            ticket=ticket,
            actor=Actor.for_party(tenant),
            kind=Message.Kind.TENANT,
            body="Es tropft jetzt auch.",
            images=[clean_image(photo())],
        )
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert not ticket.events.exists() and not OutboxMessage.objects.exists()
