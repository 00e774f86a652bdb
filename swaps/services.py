"""The one door for changes to a home swap (Wohnungstausch, template `wohnungstausch`). Every write is one
transaction through processes.engine, so the ticket's timeline and the mails follow.

    partner_tenancy(*, contract_number, last_name, applicant) -> Tenancy | None
    swap_apply(*, applicant, actor, household, wished_date, partner=None, outside=None) -> HomeSwap
        partner: a Tenancy found by contract number and surname (never by browsing tenants);
        outside: {"first_name", "last_name", "email"} of someone who is not our tenant, invited by link
    partner_answer(swap, *, party, agreed, household, outside_data=None, ip_address=None,
                   user_agent="") -> HomeSwap
    checks_run(swap, *, actor, version=None) -> list[SwapCheck]
    check_override(check, *, actor, reason, version=None) -> SwapCheck
    checks_finish(swap, *, actor, version=None) -> None           all pass (or overridden) → inspections
    swap_decide(swap, *, actor, approve, reason, swap_date=None, terms=None, version=None) -> None
        terms: {party_id: {"rent_net", "operating_costs", "deposit"}} for each home a party moves into
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.magic import user_for_party
from estate.models import Party, Tenancy
from processes import engine, inspections, signatures
from processes.errors import ProcessError, StaleProcess, StepNotActive, StepNotAllowed
from processes.models import Process, ProcessStep, Role
from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.timeline import record

from . import checks as swap_checks
from .follow_ups import start_follow_ups
from .models import HomeSwap, SwapCheck
from .standard import TEMPLATE
from .wording import side_word

MAX_HOUSEHOLD = 20
LATEST_YEARS = 2


class SwapError(ProcessError):
    default_message = gettext_lazy("Dieser Wohnungstausch ist so nicht möglich.")


class NoTenancy(SwapError):
    default_message = gettext_lazy("Für Sie ist kein laufender Mietvertrag hinterlegt.")


class PartnerNotFound(SwapError):
    default_message = gettext_lazy(
        "Wir finden keinen laufenden Mietvertrag mit dieser Vertragsnummer und diesem Nachnamen. Bitte "
        "prüfen Sie die Angaben (sie stehen im Mietvertrag Ihres Tauschpartners)."
    )


class ConfirmationClosed(ProcessError):
    default_message = gettext_lazy("Diese Bestätigung ist nicht mehr offen.")


class SwapRunning(SwapError):
    default_message = gettext_lazy("Für Sie läuft bereits ein Antrag auf Wohnungstausch.")


# --- applying -----------------------------------------------------------------------------------------


def current_tenancy(party: Party) -> Tenancy | None:
    return (
        Tenancy.objects.current()
        .filter(party=party)
        .select_related("unit__building__property")
        .order_by("-start", "-pk")
        .first()
    )


def partner_tenancy(*, contract_number: str, last_name: str, applicant: Party) -> Tenancy | None:
    """The partner's current tenancy by its contract number and the partner's surname, both exact (case
    aside): nobody can look through the tenants by guessing one of the two."""
    contract_number, last_name = contract_number.strip(), last_name.strip()
    if not contract_number or not last_name or "\x00" in contract_number + last_name:
        return None
    return (
        Tenancy.objects.current()
        .filter(contract_number__iexact=contract_number, party__last_name__iexact=last_name)
        .exclude(party=applicant)
        .select_related("party", "unit__building__property")
        .first()
    )


def _check_household(value) -> int:
    try:
        persons = int(value)
    except (TypeError, ValueError):
        persons = 0
    if not 1 <= persons <= MAX_HOUSEHOLD:
        raise SwapError(_("Bitte geben Sie an, wie viele Personen in den Haushalt ziehen (1 bis 20)."))
    return persons


def _check_wished(day: dt.date) -> None:
    today = timezone.localdate()
    if day <= today:
        raise SwapError(_("Der gewünschte Tauschtermin muss in der Zukunft liegen."))
    if day > today.replace(year=today.year + LATEST_YEARS, day=min(today.day, 28)):
        raise SwapError(_("Bitte wählen Sie einen Tauschtermin innerhalb der nächsten zwei Jahre."))


def _running_swap_of(party: Party) -> bool:
    return HomeSwap.objects.of_party(party).filter(process__state__in=["running", "waiting"]).exists()


def _outside_party(outside: dict, *, language: str) -> Party:
    first, last = outside.get("first_name", "").strip(), outside.get("last_name", "").strip()
    email = outside.get("email", "").strip().lower()
    if not last or not email:
        raise SwapError(_("Bitte nennen Sie Namen und E-Mail-Adresse Ihres Tauschpartners."))
    known = Party.objects.filter(email__iexact=email).order_by("pk").first()
    if known is not None:
        if Tenancy.objects.current().filter(party=known).exists():
            raise SwapError(
                _(
                    "Ihr Tauschpartner ist bei uns Mieter/in. Bitte geben Sie dann die Vertragsnummer "
                    "und den Nachnamen an."
                )
            )
        return known
    return Party.objects.create(first_name=first, last_name=last, email=email, language=language)


@transaction.atomic
def swap_apply(
    *,
    applicant: Party,
    actor: Actor,
    household: int,
    wished_date: dt.date,
    partner: Tenancy | None = None,
    outside: dict | None = None,
) -> HomeSwap:
    """Start the swap: the process with the applicant (role tenant) and the partner (role co_tenant: the
    other side of the joint application), the application step done; the partner is asked next."""
    tenancy = current_tenancy(applicant)
    if tenancy is None:
        raise NoTenancy()
    persons = _check_household(household)
    _check_wished(wished_date)
    if (partner is None) == (outside is None):
        raise PartnerNotFound()
    if partner is not None and partner.unit_id == tenancy.unit_id:
        raise SwapError(_("Ein Tausch innerhalb derselben Wohnung ist nicht möglich."))
    partner_party = (
        partner.party if partner is not None else _outside_party(outside, language=applicant.language)
    )
    if _running_swap_of(applicant) or _running_swap_of(partner_party):
        raise SwapRunning()
    unit = tenancy.unit
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=applicant,
        parties={Role.TENANT: applicant, Role.CO_TENANT: partner_party},
        unit=unit,
        description=_description(applicant, partner_party, unit, partner),
        # The ticket is the applicant's home; each inspection step is of its own home.
        data=inspections.inspected_units(
            {
                "applicant_home_inspection": unit,
                "partner_home_inspection": partner.unit if partner is not None else None,
            }
        ),
    )
    swap = HomeSwap.objects.create(
        process=process,
        applicant=applicant,
        applicant_unit=unit,
        applicant_household=persons,
        partner=partner_party,
        partner_unit=partner.unit if partner is not None else None,
        partner_is_outside=partner is None,
        wished_date=wished_date,
    )
    data = {
        "applicant_name": applicant.display_name,
        "partner_name": partner_party.display_name,
        "applicant_home": str(unit),
        "partner_home": str(partner.unit) if partner is not None else "",
        "wished_date": wished_date.isoformat(),
        "partner_is_outside": partner is None,
    }
    engine.complete(process, "application", actor=actor, data=data)
    return swap


def _description(applicant: Party, partner: Party, unit, partner_tenancy_row) -> str:
    with translation.override("de"):
        where = str(partner_tenancy_row.unit) if partner_tenancy_row is not None else _("nicht bei uns")
        return _("Wohnungstausch: %(a)s (%(home_a)s) mit %(b)s (%(home_b)s)") % {
            "a": applicant.display_name,
            "home_a": unit,
            "b": partner.display_name,
            "home_b": where,
        }


# --- the partner's answer -----------------------------------------------------------------------------


def application_text(swap: HomeSwap) -> str:
    """The joint application as the partner reads and signs it (German, the language of record). Before
    the partner has answered, their side names only them: the home and household they give come with it."""
    with translation.override("de"):

        def side(party: Party, home, persons: int | None) -> str:
            parts = [party.display_name] + [str(part) for part in (home,) if part]
            if persons:
                parts.append(ngettext("%(n)s Person", "%(n)s Personen", persons) % {"n": persons})
            return f"{side_word(swap, party)}: {', '.join(parts)}"

        lines = [
            _("Gemeinsamer Antrag auf Wohnungstausch"),
            side(swap.applicant, swap.applicant_unit, swap.applicant_household),
            side(swap.partner, swap.partner_unit or swap.outside_address, swap.partner_household),
            _("Gewünschter Tauschtermin: %(date)s") % {"date": swap.wished_date.strftime("%d.%m.%Y")},
        ]
    return "\n".join(lines)


def _clean_outside(data: dict) -> dict:
    """The outside partner's registration: address and landlord required, rooms, area and income not."""
    address = {key: data.get(key, "").strip() for key in ("street", "postcode", "city")}
    landlord = data.get("landlord", "").strip()
    if not all(address.values()) or not landlord:
        raise SwapError(_("Bitte nennen Sie Ihre jetzige Anschrift und Ihren jetzigen Vermieter."))
    cleaned = {
        "address": address,
        "outside_address": f"{address['street']}, {address['postcode']} {address['city']}"[:300],
        "outside_landlord": landlord[:200],
    }
    for field, key in (("outside_rooms", "rooms"), ("outside_area", "area"), ("partner_income", "income")):
        value = data.get(key)
        if value in (None, ""):
            cleaned[field] = None
        elif Decimal(value) < 0:
            raise SwapError(_("Bitte keine negativen Zahlen angeben."))
        else:
            cleaned[field] = Decimal(value)
    return cleaned


@transaction.atomic
def partner_answer(
    swap: HomeSwap,
    *,
    party: Party,
    agreed: bool,
    household=None,
    outside_data: dict | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> HomeSwap:
    """The partner confirms the joint application (a simple electronic signature of its text) or declines;
    the outside partner registers their data with it. Refused when the step is no longer open."""
    if party.pk != swap.partner_id:
        raise StepNotAllowed()
    process = Process.objects.select_for_update().get(pk=swap.process_id)
    step = process.steps.filter(template__code="partner_confirmation", state=ProcessStep.State.ACTIVE).first()
    if step is None or not process.is_running:
        raise ConfirmationClosed()
    if agreed:
        swap.partner_household = _check_household(household)
        if swap.partner_is_outside:
            cleaned = _clean_outside(outside_data or {})
            for field, value in cleaned.pop("address").items():
                setattr(party, field, value)
            party.save(update_fields=["street", "postcode", "city"])
            for field, value in cleaned.items():
                setattr(swap, field, value)
        swap.confirmed_at = timezone.now()
        swap.save()
        signatures.sign(
            application_text(swap).encode(),
            document_label=f"Wohnungstausch {process.ticket.reference}",
            signer_name=party.display_name,
            role=Role.CO_TENANT,
            party=party,
            process=process,
            step=step,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    if party.user_id is None:
        # A partner from outside follows the swap in the portal from now on (signing in by e-mail link),
        # and their answer is theirs in the timeline, not a nameless outsider's.
        party.user = user_for_party(party)
    engine.complete(
        process,
        "partner_confirmation",
        actor=Actor.for_party(party),
        outcome="agreed" if agreed else "refused",
    )
    swap.process = process
    return swap


# --- the staff's pre-checks ---------------------------------------------------------------------------


def _bump(process: Process, version: int | None) -> None:
    """Lock the process, refuse a stale version, and count the change (as processes.engine does)."""
    fresh = Process.objects.select_for_update().filter(pk=process.pk).values("version", "state").get()
    if version is not None and fresh["version"] != version:
        raise StaleProcess()
    if fresh["state"] not in (Process.State.RUNNING, Process.State.WAITING):
        raise StepNotActive()
    Process.objects.filter(pk=process.pk).update(version=F("version") + 1)
    process.version = fresh["version"] + 1


def _pre_checks_active(swap: HomeSwap) -> bool:
    return swap.process.steps.filter(template__code="pre_checks", state=ProcessStep.State.ACTIVE).exists()


@transaction.atomic
def checks_run(swap: HomeSwap, *, actor: Actor, version: int | None = None) -> list[SwapCheck]:
    """Check again (the ERP has reported the arrear paid meanwhile): staff only, while the step is open."""
    if actor.user is None or not actor.user.is_staff:
        raise StepNotAllowed()
    if not _pre_checks_active(swap):
        raise StepNotActive()
    _bump(swap.process, version)
    return swap_checks.check_all(swap)


def _override_names(check: SwapCheck) -> dict:
    """The timeline row's title in each language, so tickets.event_text shows it without loading the check."""
    names = {}
    for lang in ("de", "en", "nl"):
        with translation.override(lang):
            title = _("Vorprüfung freigegeben: %(check)s") % {"check": SwapCheck.Code(check.code).label}
            names[lang] = f"{title}: {check.party.display_name}"
    return names


@transaction.atomic
def check_override(check: SwapCheck, *, actor: Actor, reason: str, version: int | None = None) -> SwapCheck:
    """Staff release a failed check with a reason; the timeline keeps who, when, which check and why."""
    reason = reason.strip()
    if not reason:
        raise SwapError(_("Bitte begründen Sie, warum die Prüfung trotzdem als erfüllt gilt."))
    if actor.user is None or not actor.user.is_staff:
        raise StepNotAllowed()
    swap = check.swap
    if not _pre_checks_active(swap):
        raise StepNotActive()
    _bump(swap.process, version)
    check = SwapCheck.objects.select_for_update().get(pk=check.pk)
    if check.ok:
        raise SwapError(_("Diese Prüfung ist bereits erfüllt."))
    check.override_reason, check.overridden_by, check.overridden_at = reason, actor.user, timezone.now()
    check.save()
    with translation.override("de"):
        label = _("Vorprüfung freigegeben: %(check)s") % {"check": check.get_code_display()}
        label = f"{label} ({check.party.display_name})"
    record(
        swap.process.ticket,
        kind=TicketEvent.Kind.PROCESS,
        actor=actor,
        is_public=False,
        action="swap_check_overridden",
        process_id=swap.process_id,
        process_name=swap.process.template.names(),
        step_name=_override_names(check),
        check=check.code,
        party_id=check.party_id,
        failed_reason=check.reason,
        override_reason=reason,
        # The timeline's row names only the process: the reason line says which check was released.
        reason=f"{label} – {reason}",
        label=label,
    )
    return check


@transaction.atomic
def checks_finish(swap: HomeSwap, *, actor: Actor, version: int | None = None) -> None:
    """Every check passed or released: the homes are inspected next (only ours: a partner from outside
    moves out of a home that is not ours, so its inspection is left out)."""
    rows = list(swap.checks.all())
    if not rows or not all(row.ok for row in rows):
        raise SwapError(_("Nicht alle Vorprüfungen sind erfüllt oder begründet freigegeben."))
    process = swap.process
    engine.complete(process, "pre_checks", actor=actor, outcome="passed", version=version)


@transaction.atomic
def checks_failed(swap: HomeSwap, *, actor: Actor, version: int | None = None) -> None:
    """A failed check stays failed: the swap goes straight to the decision (a refusal, with its letters)."""
    engine.complete(swap.process, "pre_checks", actor=actor, outcome="failed", version=version)


# --- the decision -------------------------------------------------------------------------------------


@transaction.atomic
def swap_decide(
    swap: HomeSwap,
    *,
    actor: Actor,
    approve: bool,
    reason: str,
    swap_date: dt.date | None = None,
    terms: dict | None = None,
    version: int | None = None,
) -> list[Process]:
    """Genehmigung or Ablehnung with its reason (both applicants get a letter). An approval needs every
    pre-check passed or released and the swap date (the day the new tenancies begin; the old ones end the
    day before); the ends of tenancy and the new tenancies are started at once."""
    reason = reason.strip()
    if not reason:
        raise SwapError(_("Bitte begründen Sie die Entscheidung."))
    process = swap.process
    data = {"decision_reason": reason, "decision": "yes" if approve else "no"}
    if approve:
        if not all(row.ok for row in swap.checks.all()):
            raise SwapError(_("Nicht alle Vorprüfungen sind erfüllt oder begründet freigegeben."))
        if swap_date is None or swap_date <= timezone.localdate() + dt.timedelta(days=1):
            raise SwapError(
                _("Bitte nennen Sie einen Tauschtermin, der mindestens zwei Tage in der Zukunft liegt.")
            )
        data["swap_date"] = swap_date.isoformat()
    engine.complete(
        process, "decision", actor=actor, outcome="yes" if approve else "no", data=data, version=version
    )
    if not approve:
        return []
    try:
        started = start_follow_ups(swap, actor=actor, swap_date=swap_date, terms=terms or {})
    except (ValidationError, KeyError, InvalidOperation) as invalid:
        # Bad terms for a new tenancy: the whole decision is undone, nothing is stored.
        message = (
            invalid.messages[0]
            if isinstance(invalid, ValidationError)
            else _("Bitte nennen Sie Miete, Betriebskosten und Kaution.")
        )
        raise SwapError(message) from invalid
    engine.complete(
        process,
        "follow_ups",
        actor=Actor.system(),
        data={"follow_ups": [p.ticket.reference for p in started]},
    )
    return started
