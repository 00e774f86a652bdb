"""A tenant who wants letters gets the certificate itself in the post: the outbox row on the letter channel
renders, through the print batch's own door, to the same German certificate."""

import pytest

from certificates.services import certificate_request
from notifications.letters.outbox import spec_for
from notifications.letters.render import render_letter
from notifications.models import OutboxMessage
from tests.letters.pdftools import page_texts
from tickets.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_printed_letter_is_the_certificate(tenant, home):
    tenant.prefers_letters = True
    tenant.save()
    certificate_request(party=tenant, kind="wohnungsgeber", actor=Actor.for_party(tenant))
    row = OutboxMessage.objects.get(kind="certificate_issued", recipient_party=tenant)
    assert row.channel == OutboxMessage.Channel.LETTER
    assert not OutboxMessage.objects.filter(
        recipient_party=tenant, channel=OutboxMessage.Channel.EMAIL
    ).exists()
    text = " ".join(" ".join(page_texts(render_letter(spec_for(row)))).split())
    assert "Wohnungsgeberbestätigung nach § 19 Bundesmeldegesetz (BMG)" in text
    assert "Frau Erika Mustermann" in text and "Datum des Einzugs 01.04.2021" in text
    assert "Jonas Mustermann" in text and "Seite 1 von 1" in text
