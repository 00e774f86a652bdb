"""The text rules of estate/text.py and the form fields built on them (estate/fields.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from estate.fields import (
    BicField,
    DecimalField,
    EmailField,
    IbanField,
    IntegerField,
    NameField,
    PhoneField,
    TextField,
)
from estate.iban import normalise_iban, validate_iban
from estate.text import clean_line, clean_text
from tests.factories import PartyFactory

SURNAME_102 = (
    "Freifrau von und zu Hohenberg-Schwarzenfels-Löwenstein-Wertheim-Rosenberg und Großwaldeck-Pyrmont-Lieb"
)


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\ufeff", "\u2060", "\u00a0", "\u200b\u00a0\ufeff \u2060\u3164", "\x00"]
)
def test_invisible_only_text_is_empty(invisible):
    assert clean_text(invisible) == "" and clean_text(invisible * 3, multiline=True) == ""


def test_control_characters_go_but_lines_and_tabs_stay_in_a_text():
    assert clean_text(" a\x00b\x07\r\n\tc\u202e\x1b ", multiline=True) == "ab\n\tc"
    assert clean_text("a\nb\tc") == "a b c"


def test_text_is_nfc_normalised_and_full_width_only_where_asked():
    assert clean_text("Ba\u0308d") == "Bäd"
    assert clean_text("ＤＥ８９") == "ＤＥ８９"
    assert clean_text("ＤＥ８９", compatibility=True) == "DE89"


def test_a_search_line_is_cut_to_its_length():
    assert clean_line("x\x00" * 500, max_length=100) == "x" * 100


def test_required_text_of_invisible_characters_is_refused():
    with pytest.raises(ValidationError):
        TextField().clean("\u200b\u200b\n\u00a0")


def test_too_long_text_is_refused_with_the_limit():
    with pytest.raises(ValidationError, match="5000"):
        TextField(max_length=5000).clean("x" * 5001)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("030 1234567", "+49301234567"),
        ("+49 (0)170 123-4567", "+491701234567"),
        ("０３０ １２３４５６７", "+49301234567"),
    ],
)
def test_phone_numbers_are_kept_in_e164(typed, stored):
    assert PhoneField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["call me maybe", "123", "030 1234567\x00999999999999"])
def test_phone_numbers_that_are_none_are_refused(typed):
    with pytest.raises(ValidationError, match="gültige Telefonnummer"):
        PhoneField().clean(typed)


def test_email_addresses_are_held_to_the_standards_limits():
    assert EmailField().clean(" name@beispiel.de\u200b ") == "name@beispiel.de"
    with pytest.raises(ValidationError):
        EmailField().clean("a" * 61 + "@" + ("b" * 60 + ".") * 3 + "example.de")  # 255 characters
    with pytest.raises(ValidationError, match="64"):
        EmailField().clean("a" * 65 + "@beispiel.de")


def test_a_full_width_iban_is_accepted_and_normalised():
    typed = "ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００"
    assert IbanField().clean(typed) == "DE89370400440532013000"
    assert normalise_iban(typed) == "DE89370400440532013000"
    validate_iban(typed)


def test_an_iban_with_foreign_letters_is_refused_not_a_server_error():
    with pytest.raises(ValidationError):
        validate_iban("DEΩ9370400440532013000")


def test_bic_is_checked_after_normalising():
    assert BicField().clean(" cobade ffxxx ") == "COBADEFFXXX"
    with pytest.raises(ValidationError, match="BIC"):
        BicField().clean("COBA")


def test_decimal_commas_are_accepted_where_numbers_are_asked():
    field = DecimalField(max_digits=12, decimal_places=2)
    assert field.clean("12,5") == Decimal("12.5")
    assert field.clean("1.234,50") == Decimal("1234.50")
    assert field.clean("12.5") == Decimal("12.5")
    assert IntegerField().clean("12,0") == 12
    with pytest.raises(ValidationError):
        IntegerField().clean("12,5")


@pytest.mark.django_db
def test_a_102_character_surname_is_accepted_by_form_and_model():
    assert len(SURNAME_102) == 102
    assert NameField().clean(SURNAME_102) == SURNAME_102
    party = PartyFactory(last_name=SURNAME_102)
    party.full_clean()
    party.refresh_from_db()
    assert party.last_name == SURNAME_102
