"""What everyone of a contract agrees to when a co-tenant moves in or out: the change as one text per
language, kept with the process (data["consent_texts"]), which each of them reads and signs. The link,
its expiry and the answer are processes.notice_consent's, the one consent by signed link of the product;
this module only says what is agreed to and lists who agreed."""

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext as _

from processes.models import Process, Signature

LANGUAGES = ("de", "en", "nl")


def _date(value: str) -> str:
    # TT.MM.JJJJ in German, as every letter writes a date.
    return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def _newcomer(salutation: str) -> str:
    """The person moving in, as the letters address them: by their salutation, else the neutral word."""
    if salutation == "Frau":
        return _("weitere Mieterin")
    if salutation == "Herr":
        return _("weiterer Mieter")
    return _("weitere Mietpartei")


def relation_word(relation: str, salutation: str) -> str:
    """How the person moving in is related to the one who asked, by the person's salutation (Ehepartnerin,
    Lebenspartner), else the neutral word; nothing for "weitere Person" (the role says it already)."""
    if relation == "spouse":
        return {"Frau": _("Ehepartnerin"), "Herr": _("Ehepartner")}.get(salutation) or _("Ehegatte")
    if relation == "partner":
        return {"Frau": _("Lebenspartnerin"), "Herr": _("Lebenspartner")}.get(salutation) or _(
            "Lebenspartner"
        )
    return ""


def change_line(data: dict) -> str:
    """The change in one sentence, in the active language."""
    if data["kind"] == "move_in":
        relation = (
            relation_word(data["relation"], data.get("person_salutation", ""))
            if "relation" in data
            else data.get("relation_label", "")
        )
        return _("Aufnahme von %(person)s als %(role)s%(relation)s ab dem %(date)s.") % {
            "person": data["person_name"],
            "role": _newcomer(data.get("person_salutation", "")),
            "relation": f" ({relation})" if relation else "",
            "date": _date(data["effective_date"]),
        }
    return _("Entlassung von %(person)s aus dem Mietvertrag zum %(date)s.") % {
        "person": data["person_name"],
        "date": _date(data["effective_date"]),
    }


def consent_texts(data: dict) -> dict[str, str]:
    """The change as one text per language: what each party reads and signs (the hash of that text)."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            lines = [
                _("Nachtrag zum Mietvertrag"),
                _("Wohnung: %(place)s") % {"place": data["place"]},
            ]
            if data.get("contract_number"):
                lines.append(_("Vertragsnummer: %(number)s") % {"number": data["contract_number"]})
            lines += [
                _("Änderung: %(change)s") % {"change": change_line(data)},
                _("Mietparteien bisher: %(names)s") % {"names": ", ".join(data["tenants_before"])},
                _("Mietparteien danach: %(names)s") % {"names": ", ".join(data["tenants_after"])},
                _(
                    "Alle Beteiligten sind mit dieser Änderung des Mietvertrags einverstanden. Alle übrigen "
                    "Vereinbarungen des Mietvertrags gelten unverändert weiter."
                ),
            ]
            texts[language] = "\n".join(lines)
    return texts


def consent_records(process: Process) -> list[Signature]:
    """Every signature given to the change (the requesting tenant's with the request, the others' by
    link), oldest first: what the addendum and the staff page list."""
    return list(Signature.objects.filter(process=process).select_related("party").order_by("signed_at", "pk"))
