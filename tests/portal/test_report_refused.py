"""A report whose photo the storage cannot take stores nothing (no ticket, no number, no mail) and shows
the form again with what was typed and a German reason naming the photo."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from notifications.models import OutboxMessage
from tests.factories import CatalogItemFactory
from tickets.models import Attachment, Ticket, TicketReferenceCounter

from .images import photo

pytestmark = pytest.mark.django_db


def test_a_storage_failure_keeps_the_form_and_leaves_nothing(tenant_client, unit, media, monkeypatch):
    item = CatalogItemFactory(name_de="Wasserfleck")
    details = reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"

    def refuse(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    response = tenant_client.post(
        details,
        {
            "description": "Großer Wasserfleck an der Schlafzimmerdecke.",
            "availability": "vormittags",
            "visibility": "private",
            "photos": [photo("decke.jpg")],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Foto „decke.jpg“ konnte wegen einer Störung bei uns nicht gespeichert werden" in page
    assert "Großer Wasserfleck an der Schlafzimmerdecke.</textarea>" in page
    assert "vormittags</textarea>" in page
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    assert (
        not OutboxMessage.objects.exists() and not TicketReferenceCounter.objects.filter(last__gt=0).exists()
    )
