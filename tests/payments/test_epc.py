"""The EPC069-12 payload of the GiroCode: field order, amount format, lengths and umlauts."""

from decimal import Decimal

import pytest

from payments import epc

IBAN = "DE02120300000000202051"


def _payload(**kwargs):
    fields = {
        "name": "Wohnungsbau Musterstadt eG",
        "iban": IBAN,
        "bic": "BYLADEM1001",
        "amount": Decimal("45"),
    }
    return epc.payload(**{**fields, "remittance": "2026-000123 Schlüssel", **kwargs})


def test_fields_come_in_the_order_of_the_standard():
    lines = _payload().split("\n")
    assert lines == [
        "BCD",
        "002",
        "1",
        "SCT",
        "BYLADEM1001",
        "Wohnungsbau Musterstadt eG",
        IBAN,
        "EUR45.00",
        "",
        "",
        "2026-000123 Schlüssel",
    ]


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (Decimal("0.01"), "EUR0.01"),
        (Decimal("1234.5"), "EUR1234.50"),
        (Decimal("999999999.99"), "EUR999999999.99"),
    ],
)
def test_amount_has_a_dot_and_two_decimals(amount, field):
    assert _payload(amount=amount).split("\n")[7] == field


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("1000000000")])
def test_amount_out_of_range_is_refused(amount):
    with pytest.raises(epc.EpcError):
        _payload(amount=amount)


def test_iban_typed_with_spaces_is_written_compact():
    assert _payload(iban="de02 1203 0000 0000 2020 51").split("\n")[6] == IBAN


def test_long_name_and_remittance_are_cut_to_their_limits():
    lines = _payload(name="N" * 100, remittance="R" * 300).split("\n")
    assert len(lines[5]) == 70
    assert len(lines[10]) == 140


def test_umlauts_stay_and_the_payload_keeps_within_331_bytes():
    text = _payload(name="Wohnungsgenossenschaft Größere Häuser Süd eG", remittance="ÄÖÜäöüß" * 30)
    remittance = text.split("\n")[10]
    assert remittance.startswith("ÄÖÜäöüß")
    assert len(text.encode("utf-8")) <= 331
    assert len(text.encode("utf-8")) > 320  # cut to the room left, not far below it


def test_line_breaks_in_a_field_cannot_shift_the_next_fields():
    lines = _payload(remittance="2026-000123\nSchlüssel\r\nHaustür").split("\n")
    assert len(lines) == 11
    assert lines[10] == "2026-000123 Schlüssel Haustür"


def test_qr_svg_is_one_scalable_svg_element():
    svg = epc.qr_svg(_payload())
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_grouped_iban_is_read_in_fours():
    assert epc.grouped_iban(IBAN) == "DE02 1203 0000 0000 2020 51"
