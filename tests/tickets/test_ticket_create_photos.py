"""ticket_create with photos: one transaction. A photo the storage cannot take leaves no ticket, no
number used and no mail; the reference number is taken after the photos are written."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import OutboxMessage
from tests.factories import CatalogItemFactory, ResponsibilityFactory, StaffFactory
from tests.portal.images import photo
from tickets.actors import Actor
from tickets.errors import AttachmentNotStored
from tickets.models import Attachment, Ticket, TicketEvent, TicketReferenceCounter
from tickets.services import ticket_create
from tickets.uploads import clean_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def item(db):
    item = CatalogItemFactory()
    ResponsibilityFactory(item=item, user=StaffFactory(email="sb@example.org"))
    return item


def report(tenant, unit, item, **kwargs):
    return ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Wasserfleck an der Decke.",
        **kwargs,
    )


def test_photos_come_with_the_ticket_after_its_created_row(tenant, unit, item, media):
    ticket = report(tenant, unit, item, images=[clean_image(photo("decke.jpg")), clean_image(photo())])
    photos = list(Attachment.objects.filter(ticket=ticket))
    assert [p.original_name for p in photos] == ["decke.jpg", "foto.jpg"]
    assert all(p.message is None and p.is_public and p.thumbnail for p in photos)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == [TicketEvent.Kind.CREATED, TicketEvent.Kind.ATTACHMENT, TicketEvent.Kind.ATTACHMENT]
    assert Ticket.objects.get().reference == ticket.reference
    assert ticket.reference.startswith(f"{ticket.created_at.year}-")


def test_a_storage_failure_leaves_no_ticket_no_number_and_no_mail(tenant, unit, item, media, monkeypatch):
    report(tenant, unit, item)
    numbers_before = list(TicketReferenceCounter.objects.values_list("last", flat=True))
    mails_before = OutboxMessage.objects.count()
    save = FileSystemStorage._save
    calls = []

    def second_photo_fails(self, name, content):
        calls.append(name)
        if len(calls) > 2:  # the first photo and its thumbnail go through
            raise OSError(28, "No space left on device")
        return save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", second_photo_fails)
    with pytest.raises(AttachmentNotStored) as refused:
        report(tenant, unit, item, images=[clean_image(photo("eins.jpg")), clean_image(photo("zwei.jpg"))])
    assert "„zwei.jpg“" in str(refused.value.message)
    assert Ticket.objects.count() == 1 and not Attachment.objects.exists()
    assert OutboxMessage.objects.count() == mails_before
    assert list(TicketReferenceCounter.objects.values_list("last", flat=True)) == numbers_before
    assert not [p for p in media.rglob("*") if p.is_file()]  # the first photo's files are taken back


def test_the_number_is_taken_after_the_photos_and_before_what_prints_it(
    tenant, unit, item, media, monkeypatch
):
    save = FileSystemStorage._save
    files_written_at = []

    def noting_save(self, name, content):
        files_written_at.append(len(queries.captured_queries))
        return save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", noting_save)
    with CaptureQueriesContext(connection) as queries:
        ticket = report(tenant, unit, item, images=[clean_image(photo())])
    sql = [q["sql"] for q in queries.captured_queries]
    counter = next(i for i, s in enumerate(sql) if s.startswith('UPDATE "tickets_ticketreferencecounter"'))
    # Everything slow or fallible happened before the counter row was locked ...
    assert files_written_at and max(files_written_at) <= counter
    inserted = [
        i
        for i, s in enumerate(sql)
        if s.startswith(('INSERT INTO "tickets_ticket" ', 'INSERT INTO "tickets_attachment"'))
    ]
    assert len(inserted) == 2 and max(inserted) < counter
    # ... and the first write after it gives the ticket its number, before any row that prints it.
    writes_after = [s for s in sql[counter + 1 :] if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes_after[0].startswith('UPDATE "tickets_ticket" SET "reference"')
    assert not any(
        s.startswith(('INSERT INTO "tickets_ticketevent"', 'INSERT INTO "notifications_outboxmessage"'))
        for s in sql[:counter]
    )
    assert OutboxMessage.objects.filter(ticket=ticket).exists()
    assert all(ticket.reference in m.subject for m in OutboxMessage.objects.filter(ticket=ticket))
