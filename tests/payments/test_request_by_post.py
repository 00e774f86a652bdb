"""A tenant who gets post receives the payment request as a letter with the GiroCode beside the transfer
details; the code printed on the letter decodes to the EPC payload of the request."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from notifications.letters.render import LetterSpec, render_letter
from notifications.models import OutboxMessage
from payments.requests import request_create
from tests.letters.pdftools import page_texts
from tickets.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_letter_carries_the_transfer_details_and_a_code_that_scans(
    money_templates, tenant, case_worker, tmp_path
):
    tenant.prefers_letters = True
    tenant.salutation = "Frau"
    tenant.save(update_fields=["prefers_letters", "salutation"])
    payment = request_create(
        party=tenant,
        amount=Decimal("45.00"),
        purpose="Ersatzschlüssel Haustür",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(case_worker),
    )

    [letter] = OutboxMessage.objects.filter(kind="payment_request", recipient_party=tenant)
    assert letter.channel == OutboxMessage.Channel.LETTER
    spec = letter.letter
    pdf = render_letter(
        LetterSpec(
            template=spec["template"],
            recipient=tuple(spec["recipient"]),
            context=spec["context"],
            language=spec["language"],
        )
    )
    [text] = page_texts(pdf)
    assert "Zahlungsaufforderung über 45,00 €" in text
    assert "Sehr geehrte Frau Mustermann," in text
    assert "DE02 1203 0000 0000 2020 51" in text
    assert f"{payment.reference} Ersatzschlüssel Haustür" in text

    # The page as a phone camera sees the paper (200 dpi), through poppler like tests.letters.pdftools.
    subprocess.run(  # noqa: S603 (a fixed tool and our own PDF bytes)
        [shutil.which("pdftoppm"), "-png", "-r", "200", "-singlefile", "-", str(tmp_path / "page")],
        input=pdf,
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    lines = found.text.split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[6:8] == ["DE02120300000000202051", "EUR45.00"]
    assert lines[-1] == f"{payment.reference} Ersatzschlüssel Haustür"
