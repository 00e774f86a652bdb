import pytest
from django.core.exceptions import ValidationError

from estate.iban import validate_iban
from estate.models import mask_iban


@pytest.mark.parametrize(
    "iban", ["DE89370400440532013000", "de89 3704 0044 0532 0130 00", "NL91ABNA0417164300"]
)
def test_valid_ibans_pass(iban):
    validate_iban(iban)


@pytest.mark.parametrize(
    ("iban", "code"),
    [
        ("DE89370400440532013001", "iban_checksum"),
        ("DE8937040044053201300", "iban_length"),
        ("hello world", "iban_format"),
        ("", "iban_format"),
    ],
)
def test_invalid_ibans_give_a_reason(iban, code):
    with pytest.raises(ValidationError) as info:
        validate_iban(iban)
    assert info.value.code == code


def test_mask_shows_country_and_last_digits_only():
    assert mask_iban("DE89370400440532013000") == "DE89 **** **** **** **30 00"
