"""Dates and numbers follow the reader's language, as Django's locale formats define them."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

NOV_24 = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", "24.11.2026"), ("en", "11/24/2026"), ("nl", "24-11-2026")]
)
def test_short_date_follows_the_language(lang, expected):
    with translation.override(lang):
        text = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": NOV_24}))
    assert text == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", "24. November 2026"), ("en", "Nov. 24, 2026"), ("nl", "24 november 2026")]
)
def test_long_date_names_the_month_in_the_language(lang, expected):
    with translation.override(lang):
        assert Template("{{ day }}").render(Context({"day": NOV_24})) == expected


@pytest.mark.parametrize(("lang", "expected"), [("de", "1234,50"), ("en", "1234.50"), ("nl", "1234,50")])
def test_decimal_separator_follows_the_language(lang, expected):
    with translation.override(lang):
        text = Template("{% load l10n %}{% localize on %}{{ n|floatformat:2 }}{% endlocalize %}").render(
            Context({"n": 1234.5})
        )
    assert text == expected
