"""The staff letting page names the new tenant where it speaks of them, not "die Mieterin / der Mieter"."""

import pytest
from django.urls import reverse

from letting.services import tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_staff_page_names_the_tenant(client, letting, newcomer, case_worker, seal_certificate):
    client.force_login(case_worker)
    url = reverse("backoffice:letting", args=[letting.process.ticket.reference])
    page = client.get(url).content.decode()
    assert "Lena Neumann ist per E-Mail zur Unterschrift eingeladen." in page
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    page = client.get(url).content.decode()
    assert "unter den Dokumenten von Lena Neumann abgelegt" in page
    letting.process.refresh_from_db()
    answer = client.post(
        reverse("backoffice:letting_countersign", args=[letting.process.ticket.reference]),
        {"version": letting.process.version, "image": ""},
        follow=True,
    )
    text = answer.content.decode()
    assert "Der Mietvertrag ist gegengezeichnet, versiegelt und an Lena Neumann gesendet." in text
    assert "Mieterin / der Mieter" not in text and "Mieterin / den Mieter" not in text
