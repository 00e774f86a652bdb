"""Form fields that follow the text rules of estate/text.py, for every form of the portal, the back-office
and the API: a field says what it takes (a line, a text, a name, a phone number, an IBAN, a number) and
what it gives back is what the database keeps, within the model's limits."""

import re
from decimal import Decimal

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .iban import validate_iban
from .text import clean_compact, clean_text

LINE_MAX = 200
TEXT_MAX = 20_000
NAME_MAX = 150
PHONE_REGION = "DE"
# RFC 5321: 64 characters before the @, 254 in all (what fits a reverse path).
EMAIL_MAX, EMAIL_LOCAL_MAX = 254, 64
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


class LineField(forms.CharField):
    """One line of text: cleaned by estate/text.py, at most `max_length` characters (200 unless given)."""

    multiline = False
    default_max_length = LINE_MAX

    def __init__(self, *, max_length: int | None = None, **kwargs):
        super().__init__(max_length=max_length or self.default_max_length, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        return clean_text(value, multiline=self.multiline) or self.empty_value


class TextField(LineField):
    """Text over several lines (a description, a reply): line breaks and tabs are kept."""

    multiline = True
    default_max_length = TEXT_MAX
    widget = forms.Textarea


class NameField(LineField):
    """A person's name: long enough for real ones (a double name with several given names)."""

    default_max_length = NAME_MAX


class SearchField(LineField):
    """What is typed into a search box: never an error, only cut to its length."""

    default_max_length = 100

    def to_python(self, value):
        return super().to_python(value)[: self.max_length]


class PhoneField(LineField):
    """A phone number as typed (030 1234567, +49 170 …), checked and kept in E.164 (+49301234567)."""

    default_max_length = 40
    default_error_messages = {
        "invalid_phone": _(
            "Bitte geben Sie eine gültige Telefonnummer ein, z. B. 030 1234567 oder +49 170 1234567."
        )
    }

    def to_python(self, value):
        text = clean_text(value, compatibility=True)
        if not text:
            return self.empty_value
        try:
            number = phonenumbers.parse(text, PHONE_REGION)
        except phonenumbers.NumberParseException as error:
            raise ValidationError(self.error_messages["invalid_phone"], code="invalid_phone") from error
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(self.error_messages["invalid_phone"], code="invalid_phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class EmailField(forms.EmailField):
    """An e-mail address within the standard's limits, so the model's 254 characters always hold it."""

    default_error_messages = {
        "local_too_long": _("Vor dem @ dürfen höchstens %(limit)d Zeichen stehen."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", EMAIL_MAX)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        return clean_text(value) or self.empty_value

    def validate(self, value):
        super().validate(value)
        local = value.rpartition("@")[0]
        if len(local) > EMAIL_LOCAL_MAX:
            raise ValidationError(
                self.error_messages["local_too_long"],
                code="local_too_long",
                params={"limit": EMAIL_LOCAL_MAX},
            )


class IbanField(LineField):
    """An IBAN as typed, spaces and full-width characters included; kept as DE89370400440532013000."""

    default_max_length = 34

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)
        # Typed with spaces it is longer than the IBAN; the HTML limit leaves room for them.
        self.widget.attrs["maxlength"] = "42"

    def to_python(self, value):
        return clean_compact(value).upper() or self.empty_value

    def validate(self, value):
        super().validate(value)
        if value:
            validate_iban(value)


class BicField(LineField):
    default_max_length = 11
    default_error_messages = {"invalid_bic": _("Das ist keine gültige BIC (8 oder 11 Zeichen).")}

    def to_python(self, value):
        return clean_compact(value).upper() or self.empty_value

    def validate(self, value):
        super().validate(value)
        if value and not BIC_RE.match(value):
            raise ValidationError(self.error_messages["invalid_bic"], code="invalid_bic")


def number_text(value) -> str:
    """A number as typed in Germany, as Python reads it: '12,5', '1.234,5', '１２' and '1.837,50 €' (a
    decimal comma wins over thousands dots, a trailing euro sign goes). The one reading of typed amounts."""
    text = clean_compact(value).removesuffix("€")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


class DecimalField(forms.DecimalField):
    """A number where a decimal comma is as good as a point: "12,5" is 12.5."""

    def to_python(self, value):
        if isinstance(value, Decimal | int | float) or value in self.empty_values:
            return super().to_python(value)
        return super().to_python(number_text(value))


class IntegerField(forms.IntegerField):
    """A whole number; "12,0" is 12, full-width digits count as digits."""

    def to_python(self, value):
        if isinstance(value, int) or value in self.empty_values:
            return super().to_python(value)
        return super().to_python(number_text(value))


def formfield_for(model_field: models.Field, **kwargs) -> forms.Field | None:
    """`Meta.formfield_callback` for a ModelForm: its text fields follow the same rules, within the
    model's max_length (a TextField without one gets TEXT_MAX)."""
    if model_field.choices:
        return model_field.formfield(**kwargs)
    if isinstance(model_field, models.EmailField):
        return model_field.formfield(form_class=EmailField, **kwargs)
    if isinstance(model_field, models.TextField):
        kwargs.setdefault("max_length", model_field.max_length or TEXT_MAX)
        return model_field.formfield(form_class=TextField, **kwargs)
    if type(model_field) is models.CharField:  # a SlugField or URLField keeps its own form field
        return model_field.formfield(form_class=LineField, **kwargs)
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=DecimalField, **kwargs)
    if isinstance(model_field, models.IntegerField) and not isinstance(model_field, models.AutoField):
        return model_field.formfield(form_class=IntegerField, **kwargs)
    return model_field.formfield(**kwargs)
