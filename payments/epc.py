"""The EPC QR code (GiroCode, EPC069-12 version 002) of a credit transfer: the payload a banking app
scans, and the code drawn as SVG on the server. One payload line per field, in this order:

    BCD / 002 / 1 (UTF-8) / SCT / BIC / beneficiary name / IBAN / EUR amount / purpose code /
    structured reference / unstructured remittance

Limits of the standard: name 70 characters, IBAN 34, BIC 11, remittance 140, amount 0.01 to
999999999.99 euro, the whole payload at most 331 bytes; the code uses error correction level M."""

import io
from decimal import ROUND_HALF_UP, Decimal

import qrcode
import qrcode.constants
import qrcode.image.svg

from estate.iban import normalise_iban

MAX_NAME, MAX_IBAN, MAX_BIC, MAX_REMITTANCE, MAX_BYTES = 70, 34, 11, 140, 331
MIN_AMOUNT, MAX_AMOUNT = Decimal("0.01"), Decimal("999999999.99")
CENT = Decimal("0.01")


class EpcError(ValueError):
    """Data no EPC QR code can carry (an amount out of range, no name or IBAN)."""


def _line(value: str) -> str:
    """One field on one line: line breaks would shift every later field."""
    return " ".join(str(value).split())


def amount_field(amount: Decimal) -> str:
    """EUR and the amount with a dot and two decimals, e.g. EUR45.00."""
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise EpcError(f"amount out of range: {amount}")
    return f"EUR{amount:.2f}"


def payload(*, name: str, iban: str, amount: Decimal, remittance: str, bic: str = "") -> str:
    """The payload as text (encode it as UTF-8). The remittance is cut to what fits: 140 characters and
    the 331 bytes of the whole payload, umlauts counted with their two bytes."""
    name, iban, bic = _line(name)[:MAX_NAME], normalise_iban(iban)[:MAX_IBAN], _line(bic).upper()[:MAX_BIC]
    if not name or not iban:
        raise EpcError("name and IBAN are required")
    head = "\n".join(["BCD", "002", "1", "SCT", bic, name, iban, amount_field(amount), "", ""])
    remittance = _line(remittance)[:MAX_REMITTANCE]
    room = MAX_BYTES - len(head.encode()) - 1
    while len(remittance.encode()) > room:
        remittance = remittance[:-1]
    return f"{head}\n{remittance.rstrip()}"


def qr_svg(text: str) -> str:
    """The QR code of `text` as an SVG element (path only, scalable), for a page or a letter."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
    code.add_data(text.encode())
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def grouped_iban(iban: str) -> str:
    """DE02 1203 0000 0000 2020 51: how an IBAN is read aloud and typed."""
    iban = normalise_iban(iban)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
