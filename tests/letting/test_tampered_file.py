"""A stored sealed agreement changed afterwards (one byte on disk): the case worker's page, which checks the
seal on every visit, says "verändert" instead of "Siegel gültig"."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from letting.services import countersign, tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_staff_page_shows_a_changed_file(client, letting, newcomer, case_worker, seal_certificate):
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    client.force_login(case_worker)
    url = reverse("backoffice:letting", args=[letting.process.ticket.reference])
    assert "Siegel gültig" in client.get(url).content.decode()

    name = concluded.sealed_pdf.name
    data = bytearray(default_storage.open(name).read())
    at = data.find(b"Mietvertrag")
    data[(at if at >= 0 else 400) + 1] ^= 0x01  # inside the sealed byte range
    with open(default_storage.path(name), "wb") as stored:
        stored.write(bytes(data))

    page = client.get(url).content.decode()
    assert "verändert" in page and "Siegel gültig" not in page
    assert "Die gespeicherte Datei stimmt nicht mehr mit der versiegelten Fassung überein." in page
