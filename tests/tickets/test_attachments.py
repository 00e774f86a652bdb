"""attachment_store: the one way a file comes onto a ticket, with its timeline row; a storage failure
stores nothing and says which file."""

import pytest
from django.core.files.storage import FileSystemStorage

from tests.factories import MessageFactory, TicketFactory
from tickets.actors import Actor
from tickets.attachments import attachment_store
from tickets.errors import AttachmentNotStored
from tickets.models import Attachment, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def broken_storage(monkeypatch):
    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


def test_a_file_is_stored_under_our_own_name_with_its_timeline_row(case_worker, media):
    ticket = TicketFactory()
    message = MessageFactory(ticket=ticket, kind="internal")
    attachment = attachment_store(
        ticket=ticket,
        message=message,
        content=b"%PDF-1.4 Hausordnung",
        name="../../Hausordnung.pdf",
        content_type="application/pdf",
        actor=Actor.for_user(case_worker),
        is_public=False,
    )
    assert attachment.original_name == "Hausordnung.pdf"  # only shown, cleaned of its folder part
    assert attachment.file.name.startswith(f"tickets/{ticket.pk}/") and ".." not in attachment.file.name
    assert attachment.file.read() == b"%PDF-1.4 Hausordnung"
    assert (attachment.size, attachment.is_public, attachment.uploaded_by) == (20, False, case_worker)
    event = ticket.events.get(kind=TicketEvent.Kind.ATTACHMENT)
    assert event.data == {"attachment_id": attachment.pk, "actor_kind": "staff"} and event.is_public is False


def test_a_storage_failure_stores_nothing_and_names_the_photo(case_worker, media, monkeypatch):
    ticket = TicketFactory()
    broken_storage(monkeypatch)
    with pytest.raises(AttachmentNotStored) as refused:
        attachment_store(
            ticket=ticket,
            content=b"jpeg",
            thumbnail=b"thumb",
            name="wasserfleck.jpg",
            content_type="image/jpeg",
            actor=Actor.for_user(case_worker),
            is_public=True,
        )
    assert "Das Foto „wasserfleck.jpg“ konnte" in str(refused.value.message)
    assert not Attachment.objects.exists() and not ticket.events.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_failing_thumbnail_takes_its_photo_back(case_worker, media, monkeypatch):
    ticket = TicketFactory()
    save = FileSystemStorage._save

    def refuse_thumbnails(self, name, content):
        if "thumb-" in name:
            raise OSError("disk gone")
        return save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse_thumbnails)
    with pytest.raises(AttachmentNotStored):
        attachment_store(
            ticket=ticket,
            content=b"jpeg",
            thumbnail=b"thumb",
            name="foto.jpg",
            content_type="image/jpeg",
            actor=Actor.for_user(case_worker),
            is_public=True,
        )
    assert not [p for p in media.rglob("*") if p.is_file()]
