"""The case worker's letting page says who signed, when, from which address and browser, and how (drawn,
the name typed, or countersigned without a drawing); the sealed agreement's audit page says the same."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letting.services import countersign
from tests.letters.pdftools import page_texts
from tickets.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_case_worker_sees_who_signed_when_from_where_and_how(
    letting, newcomer_user, case_worker, seal_certificate
):
    reference = letting.process.ticket.reference
    tenant = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Testbrowser")
    tenant.force_login(newcomer_user)
    answer = tenant.post(
        reverse("portal:letting", args=[reference]),
        {
            "agree": "on",
            "contract_hash": letting.contract_hash,
            "version": letting.process.version,
            "typed_name": "Lena Neumann",
        },
    )
    assert answer.status_code == 302
    letting.refresh_from_db()
    concluded = countersign(letting, actor=Actor.for_user(case_worker), ip_address="198.51.100.20")

    staff = Client()
    staff.force_login(case_worker)
    page = staff.get(reverse("backoffice:letting", args=[reference])).content.decode()
    signed_at = timezone.localtime(concluded.tenant_signature.signed_at)
    assert "Lena Neumann (Mietpartei)" in page and f"{signed_at:%d.%m.%Y %H:%M:%S}" in page  # no salutation
    assert "203.0.113.7" in page and "Mozilla/5.0 (iPhone) Testbrowser" in page
    assert "Name als Unterschrift eingegeben" in page
    assert "198.51.100.20" in page and "ohne Zeichnung, angemeldet in der Sachbearbeitung" in page
    assert "im Feld gezeichnet" not in page

    text = " ".join(" ".join(page_texts(concluded.sealed_pdf.read())).split()).replace("\u2010 ", "")
    assert "Art Name als Unterschrift eingegeben" in text
    assert "Art ohne Zeichnung, angemeldet in der Sachbearbeitung des Vermieters" in text
