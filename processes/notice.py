"""Kündigung durch den Mieter (template `kuendigung`): the lawful date, giving notice, the staff's
confirmation and the final settlement. The co-tenants' consent is processes.notice_consent.

The lawful date (§ 573c Abs. 1 BGB): a notice received by the third working day of a month ends the
tenancy at the end of the month after next; received later, a month later. Working days are Monday to
Friday without the public holidays of the property's state: Saturday is no working day for this period
(BGH, 23 June 2005, VIII ZR 206/04). Settings NOTICE_PERIOD_MONTHS (2: the month after next) and
NOTICE_CUTOFF_WORKING_DAY (3) change the rule for a company whose contracts agree another period.

    earliest_end(received, *, state) -> date
    notice_give(*, tenant, actor, move_out_date, reason, forwarding, ...) -> Process
    notice_confirm(process, *, actor, version=None) -> None      confirmed, the letter step done
    notice_refuse(process, *, actor, reason, version=None) -> None
    settlement_record(process, *, actor, deposit, amount="", note="", version=None) -> None
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.models import Party, Tenancy
from tickets.actors import Actor
from tickets.due import is_working_day

from . import engine
from .errors import ProcessError
from .models import Process

TEMPLATE = "kuendigung"
LANGUAGES = ("de", "en", "nl")
# A date further out is a typing error more often than a plan.
LATEST_YEARS = 3


class Reason(models.TextChoices):
    """Why the tenant gives notice: the list the form offers (staff read it as it is written here)."""

    MOVING = "umzug", gettext_lazy("Umzug")
    DEATH = "tod", gettext_lazy("Tod des Mieters / der Mieterin")
    SWAP = "wohnungstausch", gettext_lazy("Wohnungstausch")
    PURCHASE = "eigentum", gettext_lazy("Eigentumserwerb")
    CARE = "pflegeheim", gettext_lazy("Umzug in ein Pflegeheim")
    JOB = "beruf", gettext_lazy("Berufliche Veränderung")
    OTHER = "sonstiges", gettext_lazy("Sonstiges")


class Deposit(models.TextChoices):
    """What happens to the Mietkaution at the settlement."""

    REFUND = "refund", gettext_lazy("Kaution wird vollständig zurückgezahlt")
    PARTIAL = "partial", gettext_lazy("Kaution wird teilweise verrechnet")
    RETAINED = "retained", gettext_lazy("Kaution wird vollständig verrechnet")
    PENDING = "pending", gettext_lazy("Teil der Kaution bleibt bis zur Betriebskostenabrechnung einbehalten")


class NoticeTooEarly(ProcessError):
    """The move-out date lies before the lawful date, and no earlier end by agreement was asked for."""

    def __init__(self, earliest: dt.date):
        self.earliest = earliest
        super().__init__(
            _(
                "Die gesetzliche Kündigungsfrist lässt ein Mietende frühestens zum %(date)s zu. Bitte wählen "
                "Sie dieses oder ein späteres Datum – oder bitten Sie ausdrücklich um eine vorzeitige "
                "Entlassung aus dem Mietvertrag, über die wir dann entscheiden."
            )
            % {"date": formats.date_format(earliest, "DATE_FORMAT")}
        )


class NoticeTooLate(ProcessError):
    default_message = gettext_lazy(
        "Bitte prüfen Sie das Datum: so weit im Voraus nehmen wir keine Kündigung an."
    )


class NoTenancy(ProcessError):
    default_message = gettext_lazy("Für Sie ist kein laufender Mietvertrag hinterlegt.")


class NoticeExists(ProcessError):
    default_message = gettext_lazy("Für diese Wohnung läuft bereits eine Kündigung.")


# --- the lawful date ----------------------------------------------------------------------------------


def _period() -> tuple[int, int]:
    return (
        getattr(settings, "NOTICE_PERIOD_MONTHS", 2),
        getattr(settings, "NOTICE_CUTOFF_WORKING_DAY", 3),
    )


def nth_working_day(year: int, month: int, n: int, *, state: str) -> dt.date:
    day, count = dt.date(year, month, 1), 0
    while True:
        if is_working_day(day, state):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def _month_end(year: int, month: int, offset: int) -> dt.date:
    years, index = divmod(month - 1 + offset, 12)
    year, month = year + years, index + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def earliest_end(
    received: dt.date, *, state: str, months: int | None = None, cutoff: int | None = None
) -> dt.date:
    """The earliest day a tenant's notice received on `received` can end the tenancy."""
    default_months, default_cutoff = _period()
    months = default_months if months is None else months
    cutoff = default_cutoff if cutoff is None else cutoff
    last_day_in_time = nth_working_day(received.year, received.month, cutoff, state=state)
    offset = months if received <= last_day_in_time else months + 1
    return _month_end(received.year, received.month, offset)


def state_of(prop) -> str:
    return getattr(prop, "state", "") or settings.DEFAULT_HOLIDAY_STATE


def check_move_out(
    move_out: dt.date, *, received: dt.date, state: str, early_release: bool = False
) -> dt.date:
    """The lawful date; refuses a date before it (unless an earlier end is asked for) or years ahead."""
    earliest = earliest_end(received, state=state)
    if move_out < earliest and not (early_release and move_out >= received):
        raise NoticeTooEarly(earliest)
    if move_out > received.replace(year=received.year + LATEST_YEARS, day=min(received.day, 28)):
        raise NoticeTooLate()
    return earliest


# --- who is party to the contract ---------------------------------------------------------------------


def current_tenancy(party: Party) -> Tenancy | None:
    return (
        Tenancy.objects.current()
        .filter(party=party)
        .select_related("unit__building__property")
        .order_by("-start", "-pk")
        .first()
    )


def co_tenants(tenancy: Tenancy) -> list[Party]:
    """The other tenants of the same contract: current tenancies of the unit (of the same contract number
    where the contract has one)."""
    rows = Tenancy.objects.current().filter(unit=tenancy.unit).exclude(party=tenancy.party_id)
    if tenancy.contract_number:
        rows = rows.filter(contract_number=tenancy.contract_number)
    return [row.party for row in rows.select_related("party").order_by("pk")]


# --- the notice text the co-tenants agree to ----------------------------------------------------------


def _date(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def notice_texts(data: dict) -> dict[str, str]:
    """The notice as one text per language, kept with the process: what each co-tenant reads and signs
    (the hash of exactly that text)."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            lines = [
                _("Kündigung des Mietverhältnisses"),
                _("Mieter/in: %(name)s") % {"name": data["tenant_name"]},
                _("Wohnung: %(place)s") % {"place": data["place"]},
                _("Mietende: %(date)s") % {"date": _date(data["move_out_date"])},
                _("Grund: %(reason)s") % {"reason": Reason(data["reason"]).label},
            ]
            if data.get("early_release"):
                lines.append(
                    _("Erbeten wird eine vorzeitige Entlassung; das gesetzliche Mietende wäre der %(date)s.")
                    % {"date": _date(data["earliest_date"])}
                )
            lines.append(
                _("Alle Mieter des Vertrags kündigen gemeinsam: %(names)s")
                % {"names": ", ".join(data["all_tenants"])}
            )
            texts[language] = "\n".join(lines)
    return texts


def reason_label(data: dict) -> str:
    try:
        return str(Reason(data.get("reason", "")).label)
    except ValueError:
        return data.get("reason", "")


# --- giving notice ------------------------------------------------------------------------------------


@transaction.atomic
def notice_give(
    *,
    tenant: Party,
    actor: Actor,
    move_out_date: dt.date,
    reason: str,
    forwarding: dict,
    early_release: bool = False,
    note: str = "",
    received_on: dt.date | None = None,
    channel: str = "",
) -> Process:
    """Start the Kündigung for `tenant`'s current contract: the process with the contract's tenants as
    parties, the form step done with the facts; without co-tenants their consent is left out."""
    tenancy = current_tenancy(tenant)
    if tenancy is None:
        raise NoTenancy()
    unit = tenancy.unit
    prop = unit.building.property
    received = received_on or timezone.localdate()
    earliest = check_move_out(
        move_out_date, received=received, state=state_of(prop), early_release=early_release
    )
    if Process.objects.running().filter(template__code=TEMPLATE, ticket__unit=unit).exists():
        raise NoticeExists()
    others = co_tenants(tenancy)
    data = {
        "move_out_date": move_out_date.isoformat(),
        "earliest_date": earliest.isoformat(),
        "received_on": received.isoformat(),
        "reason": reason,
        "early_release": bool(early_release and move_out_date < earliest),
        "forwarding_address": {k: forwarding.get(k, "") for k in ("street", "postcode", "city")},
        "note": note,
        "tenant_name": tenant.display_name,
        "place": str(unit),
        "all_tenants": [p.display_name for p in [tenant, *others]],
    }
    data["notice_texts"] = notice_texts(data)
    with translation.override("de"):
        description = "\n".join(data["notice_texts"]["de"].splitlines()[1:])
        if note:
            description += "\n\n" + note
    parties = {"tenant": tenant}
    if others:
        parties["co_tenant"] = others
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=tenant,
        parties=parties,
        unit=unit,
        description=description,
        channel=channel,
    )
    engine.complete(process, "notice_form", actor=actor, data=data)
    if not others:
        engine.skip(process, "co_tenant_consent", actor=Actor.system(), reason="Keine Mitmieter im Vertrag.")
    return process


# --- the staff's steps --------------------------------------------------------------------------------


@transaction.atomic
def notice_confirm(
    process: Process, *, actor: Actor, version: int | None = None, at_lawful_date: bool = False
) -> None:
    """Staff confirm the notice; the confirmation letter goes out (its receiver writes it to the outbox
    in this transaction) and the inspections are next. `at_lawful_date`: an early release asked for is
    not granted, the tenancy ends on the lawful date."""
    data = process.data or {}
    if at_lawful_date and data.get("early_release"):
        lawful = {
            "move_out_date": data["earliest_date"],
            "early_release": False,
            "early_release_refused": True,
        }
        engine.update_data(process, actor=actor, data=lawful, version=version)
        version = None  # checked once, by the first change
    engine.complete(process, "confirmation", actor=actor, outcome="confirmed", version=version)
    engine.complete(process, "confirmation_letter", actor=actor)


@transaction.atomic
def notice_refuse(process: Process, *, actor: Actor, reason: str, version: int | None = None) -> None:
    if not reason.strip():
        raise ProcessError(_("Bitte geben Sie eine Begründung an."))
    engine.complete(
        process,
        "confirmation",
        actor=actor,
        outcome="refused",
        data={"refusal_reason": reason.strip()},
        version=version,
    )


@transaction.atomic
def settlement_record(
    process: Process,
    *,
    actor: Actor,
    deposit: str,
    amount: str = "",
    note: str = "",
    version: int | None = None,
) -> None:
    """The final settlement's decision, then its letter to the former tenant's forwarding address."""
    if deposit not in Deposit.values:
        raise ProcessError(_("Bitte wählen Sie, was mit der Kaution geschieht."))
    if deposit in (Deposit.PARTIAL, Deposit.PENDING) and not amount.strip():
        raise ProcessError(_("Bitte nennen Sie den Betrag."))
    settlement = {"deposit": deposit, "amount": amount.strip(), "note": note.strip()}
    engine.complete(process, "settlement", actor=actor, data={"settlement": settlement}, version=version)
    engine.complete(process, "settlement_letter", actor=actor)
