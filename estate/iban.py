"""IBAN checks (ISO 13616, mod-97), used by bank-account models and the tenant's change request."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import clean_compact

# Lengths for the countries our tenants bank in most; others are checked by checksum only.
IBAN_LENGTHS = {
    "DE": 22,
    "AT": 20,
    "NL": 18,
    "BE": 16,
    "LU": 20,
    "FR": 27,
    "CH": 21,
    "PL": 28,
    "IT": 27,
    "ES": 24,
}


def normalise_iban(value: str) -> str:
    """As typed, spaces and full-width characters (ＤＥ８９…) included, to DE89…: the one spelling we keep."""
    return clean_compact(value).upper()


def validate_iban(value: str) -> None:
    iban = normalise_iban(value)
    if (
        len(iban) < 15
        or len(iban) > 34
        or not iban[:2].isalpha()
        or not iban[2:4].isdigit()
        or not (iban.isascii() and iban.isalnum())
    ):
        raise ValidationError(_("Das ist keine gültige IBAN."), code="iban_format")
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        raise ValidationError(
            _("Eine IBAN aus %(country)s hat %(length)d Stellen."),
            code="iban_length",
            params={"country": iban[:2], "length": expected},
        )
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        raise ValidationError(
            _("Die Prüfziffer der IBAN stimmt nicht. Bitte prüfen Sie die Eingabe."), code="iban_checksum"
        )


def looks_like_iban(value) -> bool:
    """A string that passes the IBAN check, wherever it is stored (a change request, a report's answers)."""
    if not isinstance(value, str) or len(value) < 15:
        return False
    try:
        validate_iban(value)
    except ValidationError:
        return False
    return True


def mask_ibans(values: dict) -> dict:
    """A copy of `values` with every IBAN masked: for pages that show stored values to anyone but an
    approver, whose look at a full IBAN goes through the logged door (backoffice approvals)."""
    from .models import mask_iban  # the model module builds on this one

    return {key: mask_iban(value) if looks_like_iban(value) else value for key, value in values.items()}
