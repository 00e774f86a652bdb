"""Vorprüfungen of a home swap: four automatic checks for each applicant, each with a result and a reason
staff read (and a gentler wording for the tenant, in the portal). Each rule lives here once:

- arrears: no rent arrears on the day of the check (payments.arrears, the one door for arrears); a partner
  from outside is not our tenant: staff check the previous landlord's Mietschuldenfreiheitsbescheinigung.
- nuisance: not the accused of a running Nachbarschaftsstörung (processes.nuisance).
- tenure: the current tenancy has lasted at least SWAP_MIN_TENANCY_MONTHS (12) months on the day of the
  check: a tenancy begun on 1 March 2025 has lasted 12 months on 1 March 2026.
- household: the household fits the home it moves into (Belegungsrichtlinie against over- and
  under-occupancy, as the allocation rules of many housing companies and the housing supervision laws
  put it):
    at most SWAP_MAX_PERSONS_PER_ROOM (2) persons per room and at least SWAP_MIN_AREA_PER_PERSON (9) m²
    of living space per person (Wohnungsaufsichtsgesetze, e.g. Berlin's WoAufG § 7: 9 m² for each
    adult), against over-occupancy;
    at most persons + SWAP_MAX_ROOMS_ABOVE_PERSONS (1) whole rooms (half rooms do not count: a
    "Zimmerzahl = Personenzahl + 1" rule), against under-occupancy.
  A partner from outside moves into our home and is checked; our tenant moving out to a home that is not
  ours is the other landlord's to check.

    check_all(swap, *, on=None) -> list[SwapCheck]      (re)run every check; overrides of a check whose
                                                        result is unchanged are kept
    household_fits(persons, *, rooms, area) -> (bool, reason)
    tenure_months_reached(start, on, months) -> bool
"""

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from estate.models import Party, Tenancy, Unit
from payments.arrears import in_arrears
from processes.models import Process, ProcessParty, Role

from .models import HomeSwap, SwapCheck

NUISANCE_TEMPLATE = "nachbarschaftsstoerung"


def _setting(name: str, default):
    return getattr(settings, name, default)


def min_tenancy_months() -> int:
    return int(_setting("SWAP_MIN_TENANCY_MONTHS", 12))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st becomes the month's last day where it has no 31st."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tenure_months_reached(start: dt.date, on: dt.date, months: int) -> bool:
    return add_months(start, months) <= on


def household_fits(persons: int, *, rooms: Decimal | None, area: Decimal | None) -> tuple[bool, str]:
    """Whether `persons` fit a home of `rooms` rooms and `area` m², and why not."""
    per_room = Decimal(str(_setting("SWAP_MAX_PERSONS_PER_ROOM", 2)))
    min_area = Decimal(str(_setting("SWAP_MIN_AREA_PER_PERSON", 9)))
    extra_rooms = int(_setting("SWAP_MAX_ROOMS_ABOVE_PERSONS", 1))
    if rooms is None or area is None:
        return False, _(
            "Zimmerzahl oder Wohnfläche der Wohnung sind nicht hinterlegt; bitte von Hand prüfen."
        )
    facts = {
        "persons": persons,
        "rooms": formats.number_format(rooms.normalize()),
        "area": formats.number_format(area),
    }
    if persons > per_room * rooms:
        return False, ngettext(
            "Überbelegung: %(persons)s Person für %(rooms)s Zimmer.",
            "Überbelegung: %(persons)s Personen für %(rooms)s Zimmer.",
            persons,
        ) % facts
    if persons * min_area > area:
        return False, ngettext(
            "Überbelegung: %(persons)s Person für %(area)s m².",
            "Überbelegung: %(persons)s Personen für %(area)s m².",
            persons,
        ) % facts
    if int(rooms) > persons + extra_rooms:
        return False, ngettext(
            "Unterbelegung: %(rooms)s Zimmer für %(persons)s Person.",
            "Unterbelegung: %(rooms)s Zimmer für %(persons)s Personen.",
            persons,
        ) % facts
    return True, ngettext(
        "%(persons)s Person, %(rooms)s Zimmer, %(area)s m².",
        "%(persons)s Personen, %(rooms)s Zimmer, %(area)s m².",
        persons,
    ) % facts


def _current_tenancy(party: Party, on: dt.date) -> Tenancy | None:
    return Tenancy.objects.current(on).filter(party=party).order_by("start", "pk").first()


def _arrears(swap: HomeSwap, party: Party, on: dt.date, outside: bool) -> tuple[bool, str]:
    if outside:
        return False, _(
            "Nicht bei uns Mieter/in: bitte die Mietschuldenfreiheitsbescheinigung des bisherigen Vermieters "
            "prüfen."
        )
    if in_arrears(party, on=on):
        return False, _("Es bestehen Mietrückstände.")
    return True, _("Keine Mietrückstände.")


def _nuisance(swap: HomeSwap, party: Party, on: dt.date, outside: bool) -> tuple[bool, str]:
    accused = ProcessParty.objects.filter(
        party=party,
        role=Role.ACCUSED,
        process__template__code=NUISANCE_TEMPLATE,
        process__state__in=[Process.State.RUNNING, Process.State.WAITING],
    ).select_related("process__ticket")
    row = accused.first()
    if row is not None:
        return False, _("Laufendes Verfahren wegen Nachbarschaftsstörung: %(reference)s.") % {
            "reference": row.process.ticket.reference
        }
    return True, _("Kein laufendes Verfahren wegen Nachbarschaftsstörung.")


def _tenure(swap: HomeSwap, party: Party, on: dt.date, outside: bool) -> tuple[bool, str]:
    months = min_tenancy_months()
    if outside:
        return True, _("Entfällt: kein Mietverhältnis bei uns.")
    tenancy = _current_tenancy(party, on)
    if tenancy is None:
        return False, _("Kein laufendes Mietverhältnis.")
    facts = {"date": formats.date_format(tenancy.start, "DATE_FORMAT"), "months": months}
    if tenure_months_reached(tenancy.start, on, months):
        return True, _("Mieter/in seit %(date)s (mindestens %(months)s Monate).") % facts
    facts["since"] = formats.date_format(add_months(tenancy.start, months), "DATE_FORMAT")
    return False, _("Mieter/in erst seit %(date)s; %(months)s Monate sind am %(since)s erreicht.") % facts


def _household(swap: HomeSwap, party: Party, on: dt.date, outside: bool) -> tuple[bool, str]:
    persons = swap.household_of(party)
    home: Unit | None = swap.other_home_of(party)
    if home is None:
        return True, _("Entfällt: die neue Wohnung gehört nicht zu unserem Bestand.")
    if not persons:
        return False, _("Die Haushaltsgröße fehlt noch.")
    return household_fits(persons, rooms=home.rooms, area=home.area)


RULES = (
    (SwapCheck.Code.ARREARS, _arrears),
    (SwapCheck.Code.NUISANCE, _nuisance),
    (SwapCheck.Code.TENURE, _tenure),
    (SwapCheck.Code.HOUSEHOLD, _household),
)


def check_all(swap: HomeSwap, *, on: dt.date | None = None) -> list[SwapCheck]:
    """Run every check for both applicants (in German, the staff's language of record). A staff override
    stays while the check still fails for the same reason; a check that now passes drops it."""
    on = on or timezone.localdate()
    now = timezone.now()
    existing = {(c.party_id, c.code): c for c in SwapCheck.objects.filter(swap=swap)}
    rows = []
    sides = [(swap.applicant, False), (swap.partner, swap.partner_is_outside)]
    for party, outside in sides:
        for code, rule in RULES:
            with translation.override("de"):
                passed, reason = rule(swap, party, on, outside)
                reason = str(reason)
            row = existing.get((party.pk, code)) or SwapCheck(swap=swap, party=party, code=code)
            if passed or row.reason != reason[:300]:
                row.override_reason, row.overridden_by, row.overridden_at = "", None, None
            row.passed, row.reason, row.checked_at = passed, reason[:300], now
            row.save()
            rows.append(row)
    return rows
