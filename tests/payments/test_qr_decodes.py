"""The QR code as served (the SVG of the payment page) decodes, read by zxing-cpp as a banking app reads
it, to a valid EPC069-12 payload with the company's IBAN, the amount and the purpose, umlauts intact."""

import re
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from payments import epc
from payments.requests import transfer_details

pytestmark = pytest.mark.django_db

MODULE = re.compile(r"M(\d+),(\d+)H\d+V\d+H\d+z")


def decode_svg(svg: str) -> str:
    """Draw the SVG's modules (one square path each) on a white canvas and read it back."""
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y in MODULE.findall(svg):
        x, y = int(x) * scale, int(y) * scale
        draw.rectangle([x, y, x + scale - 1, y + scale - 1], fill=0)
    [found] = zxingcpp.read_barcodes(image)
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    return found.text


def test_the_payment_pages_code_decodes_to_the_epc_payload(payment):
    details = transfer_details(payment)
    lines = decode_svg(details.qr_svg).split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[4] == "BYLADEM1001"
    assert lines[5] == "Wohnungsbau Musterstadt eG"
    assert lines[6] == "DE02120300000000202051"
    assert lines[7] == "EUR45.00"
    assert lines[10] == f"{payment.reference} Ersatzschlüssel Haustür"


def test_a_full_payload_with_umlauts_still_decodes():
    payload = epc.payload(
        name="Wohnungsgenossenschaft Größere Häuser Süd eG",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        amount=Decimal("999999999.99"),
        remittance="Schäden an Türen und Öfen " * 10,
    )
    assert decode_svg(epc.qr_svg(payload)) == payload
