"""Anrede: how a party is greeted at the top of a letter or a reply, in the language that is active."""

import pytest
from django.utils import translation

from estate.models import Party
from estate.salutations import salutation_for


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        (Party(salutation="Frau", first_name="Erika", last_name="Meier"), "Sehr geehrte Frau Meier,"),
        (Party(salutation="Herr", first_name="Ole", last_name="Meier"), "Sehr geehrter Herr Meier,"),
        (Party(kind=Party.Kind.COMPANY, company_name="Dach & Fach GmbH"), "Sehr geehrte Damen und Herren,"),
        (Party(salutation="Divers", first_name="Kim", last_name="Meier"), "Guten Tag Kim Meier,"),
        (Party(salutation="Frau", first_name="Erika"), "Guten Tag Erika,"),
    ],
)
def test_a_party_is_greeted_by_salutation_and_last_name_where_both_are_known(party, expected):
    with translation.override("de"):
        assert salutation_for(party) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Sehr geehrte Frau Meier,"), ("en", "Dear Ms Meier,"), ("nl", "Geachte mevrouw Meier,")],
)
def test_the_greeting_is_in_the_active_language(language, expected):
    with translation.override(language):
        assert salutation_for(Party(salutation="Frau", last_name="Meier")) == expected
