"""Amounts in euro as the reader writes them: the one formatting of money for pages, mails and letters.
German 45,00 € and 1.234,50 €, English €45.00 and €1,234.50, Dutch € 45,00 and € 1.234,50; the
language is the active one (a mail is written inside translation.override of its recipient's)."""

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format

# Where the sign goes, by language; any other language writes it as German does.
PATTERNS = {"de": "{number} €", "en": "€{number}", "nl": "€ {number}"}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "de").split("-")[0]


def amount_number(amount, *, language: str | None = None) -> str:
    """The number alone, with the reader's separators and two decimals (1.234,50 or 1,234.50), for a
    table whose column says €."""
    with translation.override(_language(language)):
        return number_format(Decimal(amount), 2, force_grouping=True)


def euro(amount, *, language: str | None = None) -> str:
    """The amount with the euro sign where the reader puts it; a minus goes in front of both."""
    language = _language(language)
    number = amount_number(amount, language=language)
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    return sign + PATTERNS.get(language, PATTERNS["de"]).format(number=number)
