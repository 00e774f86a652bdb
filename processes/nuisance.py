"""Nachbarschaftsstörung with both sides (template `nachbarschaftsstoerung`): the complainant's facts, the
nuisance log (Störungsprotokoll) they keep adding to, the accused named by staff, and the one rule that
a letter to the accused never reveals who complained or what they wrote.

Who sees what is processes.access (the accused sees the stages talk, warning, mediation and legal, never
the complaint form or the log); this module adds what only a nuisance case knows:

    complaint_submit(*, party, facts, description) -> Process       the complainant's form, checked
    log_add(process, *, party, occurred_on, occurred_at, duration_minutes, description) -> NuisanceLogEntry
    log_for(process, user) -> list[NuisanceLogEntry]               complainant and staff only, else []
    accused_candidates(process, query) -> list[Party]               residents of the same property
    accused_set(process, *, actor, party) -> ProcessParty
    accused_of(process) -> Party | None
    reveals_complainant(process, text) -> str                       "" or why the text may not go out
    is_nuisance(process) -> bool
"""

import datetime as dt
import re

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.models import Party, Tenancy
from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.timeline import record

from . import access, engine
from .errors import ProcessEnded, ProcessError, StepNotAllowed
from .models import NuisanceLogEntry, Process, ProcessParty, Role

TEMPLATE = "nachbarschaftsstoerung"
STAGES = ("talk", "warning", "mediation", "legal")
# A shared run of this many words between a letter and the complaint or the log counts as a quote.
QUOTE_WORDS = 5


class Kind(models.TextChoices):
    """What kind of disturbance (the form's first question; letters to the accused name only this)."""

    NOISE = "laerm", gettext_lazy("Lärm")
    SMELL = "geruch", gettext_lazy("Geruch")
    RUBBISH = "muell", gettext_lazy("Müll")
    THREAT = "bedrohung", gettext_lazy("Bedrohung oder Belästigung")
    ANIMALS = "tierhaltung", gettext_lazy("Tierhaltung")
    OTHER = "sonstiges", gettext_lazy("Sonstiges")


class TimeOfDay(models.TextChoices):
    MORNING = "morgens", gettext_lazy("morgens (6–12 Uhr)")
    AFTERNOON = "nachmittags", gettext_lazy("nachmittags (12–18 Uhr)")
    EVENING = "abends", gettext_lazy("abends (18–22 Uhr)")
    NIGHT = "nachts", gettext_lazy("nachts (22–6 Uhr, Nachtruhe)")
    WEEKEND = "wochenende", gettext_lazy("vor allem am Wochenende")


class Frequency(models.TextChoices):
    ONCE = "einmalig", gettext_lazy("einmalig")
    SOMETIMES = "gelegentlich", gettext_lazy("gelegentlich (seltener als wöchentlich)")
    WEEKLY = "woechentlich", gettext_lazy("etwa einmal pro Woche")
    OFTEN = "mehrmals_woche", gettext_lazy("mehrmals pro Woche")
    DAILY = "taeglich", gettext_lazy("täglich")


class NotANeighbour(ProcessError):
    default_message = gettext_lazy("Diese Person wohnt nicht in der Liegenschaft der Beschwerde.")


class AccusedIsComplainant(ProcessError):
    default_message = gettext_lazy("Die beschwerdeführende Person kann nicht zugleich beschuldigt sein.")


class LogNotAllowed(ProcessError):
    default_message = gettext_lazy("Einträge im Störungsprotokoll sind nur während des Vorgangs möglich.")


def is_nuisance(process: Process) -> bool:
    return process.template.code == TEMPLATE


def _today() -> dt.date:
    return timezone.localdate()


def check_facts(facts: dict, *, today: dt.date | None = None) -> dict:
    """The complaint's facts as kept with the process; refuses what a form could still send wrong."""
    today = today or _today()
    if facts.get("kind") not in Kind.values:
        raise ProcessError(_("Bitte wählen Sie, welche Art von Störung es ist."))
    times = [t for t in facts.get("times") or [] if t in TimeOfDay.values]
    if not times:
        raise ProcessError(_("Bitte geben Sie an, wann die Störung auftritt."))
    if facts.get("frequency") not in Frequency.values:
        raise ProcessError(_("Bitte geben Sie an, wie oft die Störung auftritt."))
    since = facts.get("since")
    if not isinstance(since, dt.date) or since > today:
        raise ProcessError(_("Bitte geben Sie an, seit wann die Störung besteht (kein künftiges Datum)."))
    if facts.get("spoke_to_neighbour") not in (True, False):
        raise ProcessError(_("Bitte sagen Sie uns, ob Sie schon mit der Person gesprochen haben."))
    neighbour = (facts.get("neighbour") or "").strip()
    if not neighbour:
        raise ProcessError(_("Bitte beschreiben Sie, wer die Störung verursacht (Wohnung oder Name)."))
    return {
        "kind": facts["kind"],
        "times": times,
        "frequency": facts["frequency"],
        "since": since.isoformat(),
        "spoke_to_neighbour": facts["spoke_to_neighbour"],
        "talk_result": (facts.get("talk_result") or "").strip()[:1000],
        "neighbour": neighbour[:200],
    }


@transaction.atomic
def complaint_submit(*, party: Party, facts: dict, description: str) -> Process:
    """The complainant's form: the process starts with them as complainant (its ticket is private, so
    nobody else in the house sees it) and the complaint form is done with the facts."""
    kept = check_facts(facts)
    if not description.strip():
        raise ProcessError(_("Bitte beschreiben Sie die Störung."))
    actor = Actor.for_party(party)
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=party,
        parties={Role.COMPLAINANT: party},
        description=description,
    )
    engine.complete(process, "complaint_form", actor=actor, data={"complaint": kept})
    return process


def facts_of(process: Process) -> dict:
    """The complaint's facts with their labels in the reader's language (staff and complainant only)."""
    facts = dict((process.data or {}).get("complaint") or {})
    if not facts:
        return {}
    return {
        "kind": _label(Kind, facts.get("kind")),
        "times": ", ".join(_label(TimeOfDay, t) for t in facts.get("times", [])),
        "frequency": _label(Frequency, facts.get("frequency")),
        "since": dt.date.fromisoformat(facts["since"]) if facts.get("since") else None,
        "spoke_to_neighbour": facts.get("spoke_to_neighbour"),
        "talk_result": facts.get("talk_result", ""),
        "neighbour": facts.get("neighbour", ""),
    }


def kind_label(process: Process) -> str:
    """The kind of disturbance alone: the one fact of the complaint a letter to the accused may name."""
    return _label(Kind, ((process.data or {}).get("complaint") or {}).get("kind"))


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


# --- the nuisance log ---------------------------------------------------------------------------------


def _is_complainant(process: Process, party: Party | None) -> bool:
    if party is None:
        return False
    return ProcessParty.objects.filter(process=process, party=party, role=Role.COMPLAINANT).exists()


@transaction.atomic
def log_add(
    process: Process,
    *,
    party: Party,
    occurred_on: dt.date,
    occurred_at: dt.time | None = None,
    duration_minutes: int | None = None,
    description: str,
) -> NuisanceLogEntry:
    """One more disturbance in the complainant's log, while the case runs; a row on the ticket's
    timeline (the ticket is the complainant's own, so only they and the staff read it)."""
    if not is_nuisance(process) or not _is_complainant(process, party):
        raise StepNotAllowed()
    if not process.is_running:
        raise ProcessEnded(LogNotAllowed.default_message)
    if occurred_on > _today():
        raise ProcessError(_("Das Datum liegt in der Zukunft."))
    if not description.strip():
        raise ProcessError(_("Bitte beschreiben Sie, was passiert ist."))
    if duration_minutes is not None and not 0 < duration_minutes <= 24 * 60:
        raise ProcessError(_("Die Dauer bitte in Minuten, höchstens 1440 (ein Tag)."))
    entry = NuisanceLogEntry.objects.create(
        process=process,
        party=party,
        occurred_on=occurred_on,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        description=description.strip(),
    )
    record(
        process.ticket,
        kind=TicketEvent.Kind.PROCESS,
        actor=Actor.for_party(party),
        is_public=True,
        action="nuisance_log_added",
        process_id=process.pk,
        process_name=process.template.names(),
        step_name={"de": "Eintrag im Störungsprotokoll", "en": "Nuisance log entry", "nl": "Overlastmelding"},
        occurred_on=occurred_on.isoformat(),
    )
    return entry


def may_read_log(process: Process, user) -> bool:
    roles = access.roles_of(process, user)
    return bool(roles & {Role.COMPLAINANT, Role.CASE_WORKER})


def log_for(process: Process, user) -> list[NuisanceLogEntry]:
    """The log as `user` may read it: the complainant and the staff on the case; anyone else nothing."""
    if not may_read_log(process, user):
        return []
    return list(process.nuisance_log.all())


# --- the accused --------------------------------------------------------------------------------------


def accused_of(process: Process) -> Party | None:
    row = process.parties.filter(role=Role.ACCUSED, party__isnull=False).select_related("party").first()
    return row.party if row else None


def complainants_of(process: Process) -> list[Party]:
    rows = process.parties.filter(role=Role.COMPLAINANT, party__isnull=False).select_related("party")
    parties = [row.party for row in rows]
    reporter = process.ticket.reporter
    if reporter is not None and reporter not in parties:
        parties.append(reporter)
    return parties


def home_at(party: Party, property_id: int):
    """The party's current home at the property (the address of a letter about it), else None."""
    tenancy = (
        Tenancy.objects.current()
        .filter(party=party, unit__building__property_id=property_id)
        .select_related("unit__building")
        .order_by("-start", "-pk")
        .first()
    )
    return tenancy.unit if tenancy else None


def _residents_of(prop_id: int):
    return Tenancy.objects.current().filter(unit__building__property_id=prop_id)


def accused_candidates(process: Process, query: str, *, limit: int = 20) -> list[tuple[Party, str]]:
    """Current tenants of the complaint's property matching a name or a unit number, with their unit;
    never the complainant."""
    query = query.strip()
    if len(query) < 2:
        return []
    rows = _residents_of(process.ticket.property_id).exclude(
        party__in=[p.pk for p in complainants_of(process)]
    )
    words = Q()
    for word in query.split()[:3]:
        words &= (
            Q(party__last_name__icontains=word)
            | Q(party__first_name__icontains=word)
            | Q(party__company_name__icontains=word)
            | Q(unit__number__iexact=word)
        )
    rows = rows.filter(words).select_related("party", "unit__building").order_by("party__last_name", "pk")
    found, seen = [], set()
    for tenancy in rows[: limit * 2]:
        if tenancy.party_id not in seen:
            seen.add(tenancy.party_id)
            found.append((tenancy.party, str(tenancy.unit)))
    return found[:limit]


@transaction.atomic
def accused_set(process: Process, *, actor: Actor, party: Party) -> ProcessParty:
    """Staff name the accused: a current resident of the same property, not the complainant."""
    if not is_nuisance(process):
        raise StepNotAllowed()
    if party in complainants_of(process):
        raise AccusedIsComplainant()
    if not _residents_of(process.ticket.property_id).filter(party=party).exists():
        raise NotANeighbour()
    return engine.add_party(process, actor=actor, role=Role.ACCUSED, party=party)


# --- what a letter to the accused may not say ---------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _contains_phrase(text_words: list[str], phrase: str) -> bool:
    needle = _words(phrase)
    if not needle:
        return False
    n = len(needle)
    return any(text_words[i : i + n] == needle for i in range(len(text_words) - n + 1))


def _shares_quote(text_words: list[str], source: str) -> bool:
    source_words = _words(source)
    runs = {tuple(source_words[i : i + QUOTE_WORDS]) for i in range(len(source_words) - QUOTE_WORDS + 1)}
    return any(
        tuple(text_words[i : i + QUOTE_WORDS]) in runs for i in range(len(text_words) - QUOTE_WORDS + 1)
    )


UNIT_WORDS = {"wohnung", "whg", "einheit", "nr", "nummer", "flat", "apartment", "unit", "woning"}


def _names_unit(text_words: list[str], unit) -> bool:
    """ "Wohnung 12", "Whg. 12" or the floor as the master data has it ("2. OG links")."""
    number = unit.number.casefold()
    for i, word in enumerate(text_words[1:], start=1):
        if word == number and text_words[i - 1] in UNIT_WORDS:
            return True
    return len(unit.floor) >= 4 and _contains_phrase(text_words, unit.floor)


def reveals_complainant(process: Process, text: str) -> str:
    """Why `text` may not go to the accused ("" when it may): it names a complainant, their home, or
    quotes the complaint or the log. Letters are checked here before they are written."""
    text_words = _words(text)
    for party in complainants_of(process):
        for name in {party.last_name, party.company_name, party.display_name}:
            if name and len(name) >= 3 and _contains_phrase(text_words, name):
                return _("Der Text nennt die beschwerdeführende Person. Bitte nennen Sie keine Namen.")
        for tenancy in Tenancy.objects.current().filter(party=party).select_related("unit"):
            if _names_unit(text_words, tenancy.unit):
                return _("Der Text nennt die Wohnung der beschwerdeführenden Person.")
    ticket = process.ticket
    if ticket.reporter_name and _contains_phrase(text_words, ticket.reporter_name):
        return _("Der Text nennt die beschwerdeführende Person. Bitte nennen Sie keine Namen.")
    sources = [ticket.description] + [e.description for e in process.nuisance_log.all()]
    if any(_shares_quote(text_words, source) for source in sources):
        return _("Der Text zitiert aus der Beschwerde oder dem Störungsprotokoll. Bitte in eigenen Worten.")
    return ""
