"""Anrede: how to address a party at the top of a letter or a reply, in the active language.

Letters (notifications) and text blocks (tickets) both greet people this way, so it lives with the party."""

from django.utils.translation import gettext as _

from .models import Party


def salutation_for(party: Party) -> str:
    """The opening line, such as "Sehr geehrte Frau Meier,", comma included, in the active language."""
    if party.kind == Party.Kind.COMPANY:
        return _("Sehr geehrte Damen und Herren,")
    if party.salutation == "Frau" and party.last_name:
        return _("Sehr geehrte Frau %(name)s,") % {"name": party.last_name}
    if party.salutation == "Herr" and party.last_name:
        return _("Sehr geehrter Herr %(name)s,") % {"name": party.last_name}
    return _("Guten Tag %(name)s,") % {"name": party.display_name}


def word_for(party: Party | None, *, female: str, male: str, neutral: str) -> str:
    """A word about a person in the form their salutation gives (Mieterin, Mieter), else the neutral one
    (Mietpartei): no slash forms where we know whom we mean."""
    salutation = party.salutation if party is not None else ""
    if salutation == "Frau":
        return str(female)
    if salutation == "Herr":
        return str(male)
    return str(neutral)
