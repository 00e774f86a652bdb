"""Angaben: a process's data (process.data, merged from its steps) as the facts a case worker reads: a
German label per known key, dates as dates, a code as its label. Copies per language, hashes, ids and
the names the pages already show are left out; a key nobody described is kept apart as "other", under
its own name, so nothing stored is hidden from staff.

    facts_of(process, step_labels) -> Facts(known=[Fact], other=[Fact])
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.money import euro

from . import notice, nuisance

DATE, DATETIME, YES_NO, TEXT = "date", "datetime", "yes_no", "text"
LIST, ADDRESS, AMOUNT = "list", "address", "amount"

# Keys kept for the machine: the co-tenants' signed texts per language, protocol hashes and ids, and the
# tenant's name and home, which the page's head already shows, and the home each inspection is of.
INTERNAL = {"notice_texts", "tenant_name", "place", "answers", "files", "bic", "inspected_units"}
INTERNAL_SUFFIXES = ("_sha256", "_protocol", "_slot")

# key → (label, how to show it); the same key means the same thing in every template, except `reason`.
FIELDS = {
    "move_out_date": (gettext_lazy("Mietende"), DATE),
    "earliest_date": (gettext_lazy("gesetzlich frühestes Mietende"), DATE),
    "received_on": (gettext_lazy("Kündigung eingegangen am"), DATE),
    "early_release": (gettext_lazy("vorzeitige Entlassung erbeten"), YES_NO),
    "early_release_refused": (gettext_lazy("vorzeitige Entlassung abgelehnt"), YES_NO),
    "forwarding_address": (gettext_lazy("Neue Anschrift"), ADDRESS),
    "all_tenants": (gettext_lazy("Mieter des Vertrags"), LIST),
    "refusal_reason": (gettext_lazy("Begründung der Ablehnung"), TEXT),
    "reason": (gettext_lazy("Begründung"), TEXT),
    "conditions": (gettext_lazy("Auflagen"), TEXT),
    "note": (gettext_lazy("Notiz"), TEXT),
    "due_date": (gettext_lazy("fällig am"), DATE),
    "amount": (gettext_lazy("Betrag"), AMOUNT),
    "purpose": (gettext_lazy("Verwendungszweck"), TEXT),
    "paid_at": (gettext_lazy("bezahlt am"), DATETIME),
    "holder": (gettext_lazy("Kontoinhaber/in"), TEXT),
    "iban": (gettext_lazy("IBAN"), TEXT),
    "mandate_reference": (gettext_lazy("Mandatsreferenz"), TEXT),
}

SETTLEMENT = {
    "deposit": gettext_lazy("Mietkaution"),
    "amount": gettext_lazy("verrechneter Betrag"),
    "note": gettext_lazy("Text für das Schreiben"),
}
COMPLAINT = {
    "kind": gettext_lazy("Art der Störung"),
    "times": gettext_lazy("Tageszeit"),
    "frequency": gettext_lazy("Wie oft"),
    "since": gettext_lazy("seit"),
    "spoke_to_neighbour": gettext_lazy("mit der Person gesprochen"),
    "talk_result": gettext_lazy("Ergebnis des Gesprächs"),
    "neighbour": gettext_lazy("Verursacht von"),
}
MODIFICATION = {"title": gettext_lazy("Vorhaben"), "room": gettext_lazy("Raum")}

ORDER = [
    "complaint",
    "modification",
    "move_out_date",
    "earliest_date",
    "early_release",
    "early_release_refused",
    "received_on",
    "reason",
    "all_tenants",
    "forwarding_address",
    "refusal_reason",
    "conditions",
    *(key for key in FIELDS if key != "note"),
    "settlement",
    "note",
]
POSITION = {key: index for index, key in enumerate(dict.fromkeys(ORDER))}

# A text longer than this is shown folded on the page.
LONG = 200


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    is_long: bool = False


@dataclass
class Facts:
    known: list[Fact] = field(default_factory=list)
    other: list[Fact] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.known or self.other)


def facts_of(process, step_labels: dict[str, str] | None = None) -> Facts:
    """The facts of `process` in the reader's language; `step_labels` (step code → label) names the
    appointments booked for inspection steps ("Termin Vorabnahme")."""
    data = dict(process.data or {})
    step_labels = step_labels or {}
    facts = Facts()
    for key, value in sorted(data.items(), key=_position):
        if value in (None, "", [], {}) or _is_internal(key):
            continue
        if key == "settlement" and isinstance(value, dict):
            facts.known += _settlement(value)
        elif key == "complaint" and isinstance(value, dict):
            facts.known += _complaint(process)
        elif key == "modification" and isinstance(value, dict):
            facts.known += [_fact(MODIFICATION[k], value[k]) for k in MODIFICATION if value.get(k)]
        elif key == "reason" and process.template.code == notice.TEMPLATE:
            facts.known.append(_fact(_("Grund"), notice.reason_label(data)))
        elif key == "method":
            facts.known.append(_fact(_("Zahlungsweise"), _method(value)))
        elif key.endswith("_at") and key[:-3] in step_labels:
            label = _("Termin: %(step)s") % {"step": step_labels[key[:-3]]}
            facts.known.append(_fact(label, _shown(value, DATETIME)))
        elif key in FIELDS:
            label, kind = FIELDS[key]
            if kind == YES_NO and not value:
                continue  # "no early release asked" is no fact worth a line
            facts.known.append(_fact(label, _shown(value, kind)))
        else:
            facts.other.append(_fact(key, _shown(value, TEXT)))
    return facts


def _position(item) -> tuple[int, str]:
    """The order a case worker reads them in: what was asked first, the settlement and notes last."""
    return POSITION.get(item[0], len(POSITION)), item[0]


def _is_internal(key: str) -> bool:
    return key in INTERNAL or key.endswith(INTERNAL_SUFFIXES)


def _fact(label, value) -> Fact:
    text = str(value)
    return Fact(label=str(label), value=text, is_long=len(text) > LONG or "\n" in text)


def _settlement(value: dict) -> list[Fact]:
    shown = dict(value)
    if shown.get("deposit") in notice.Deposit.values:
        shown["deposit"] = notice.Deposit(shown["deposit"]).label
    if shown.get("amount"):
        shown["amount"] = _shown(shown["amount"], AMOUNT)
    return [_fact(SETTLEMENT[k], shown[k]) for k in SETTLEMENT if shown.get(k)]


def _complaint(process) -> list[Fact]:
    facts = nuisance.facts_of(process)
    rows = []
    for key, label in COMPLAINT.items():
        value = facts.get(key)
        if value in (None, ""):
            continue
        kind = DATE if key == "since" else YES_NO if key == "spoke_to_neighbour" else TEXT
        rows.append(_fact(label, _shown(value, kind)))
    return rows


def _method(value: str) -> str:
    # The payment methods' codes (payments.models.PaymentMethod, a layer above this one).
    labels = {"debit": _("Lastschrift"), "transfer": _("Überweisung")}
    return str(labels.get(value, value))


def _shown(value, kind: str) -> str:
    if kind == DATE:
        day = value if isinstance(value, dt.date) else parse_date(str(value))
        return day.strftime("%d.%m.%Y") if day else str(value)
    if kind == DATETIME:
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d.%m.%Y %H:%M")
    if kind == YES_NO:
        return _("ja") if value else _("nein")
    if kind == LIST and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == ADDRESS and isinstance(value, dict):
        place = " ".join(p for p in (value.get("postcode", ""), value.get("city", "")) if p)
        return ", ".join(p for p in (value.get("street", ""), place) if p) or "—"
    if kind == AMOUNT:
        try:
            return euro(Decimal(str(value).replace(",", ".")))
        except InvalidOperation:
            return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
