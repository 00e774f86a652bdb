"""The one door for Bescheinigungen. A certificate is written at once when our data carries it whole;
otherwise it waits for the case worker in a process (template `bescheinigung`, step `issue`), who
completes the missing figures and issues it, or refuses it with a reason the tenant reads.

    certificate_request(*, party, kind, actor, today=None) -> Certificate      the tenant asks (portal)
    registration_issue(*, tenancy, event, event_date, persons=None, source) -> Certificate
                                                 Wohnungsgeberbestätigung on a move in or out (steps.py)
    certificate_decide(certificate, *, actor, issue, figures=None, reason="", version=None) -> Certificate
    on_issue_step(*, process, step, actor)       the issue step ended, on our page or the generic one
    visible_certificates(user)                   what staff may see: through the processes they may see,
                                                 and every certificate written without one
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from estate.fields import number_text
from estate.models import Document, Party, Tenancy
from estate.money import euro
from processes import access, engine
from processes.errors import StaleProcess
from processes.models import Process, ProcessStep, Role
from tickets.actors import Actor
from tickets.errors import ReasonRequired, TicketError

from . import figures
from .models import Certificate
from .pdf import certificate_pdf, day
from .signals import certificate_issued, certificate_refused
from .standard import ISSUE, ISSUED, REFUSED, REQUEST, TEMPLATE

Kind, State, Event = Certificate.Kind, Certificate.State, Certificate.Event


class CertificateError(TicketError):
    default_message = _("Diese Bescheinigung wartet gerade auf keine Entscheidung.")


class NoHome(CertificateError):
    default_message = _(
        "Für Sie ist bei uns keine laufende Mietwohnung eingetragen. Bitte rufen Sie uns an, wir helfen "
        "Ihnen weiter."
    )


class AlreadyPending(CertificateError):
    default_message = _("Diese Bescheinigung haben Sie bereits angefordert; wir prüfen sie gerade.")


# The figures a Mietbescheinigung cannot be issued without: (field, how the message names it).
RENT_FIGURES = (
    ("rent_net", _("die Grundmiete")),
    ("operating_costs", _("die Betriebskostenvorauszahlung")),
    ("heating_costs", _("die Heizkostenvorauszahlung")),
    ("area", _("die Wohnfläche")),
    ("rooms", _("die Zahl der Zimmer")),
    ("household", _("die Zahl der Personen im Haushalt")),
)
DOCUMENT_NAMES = {
    Kind.REGISTRATION: "wohnungsgeberbestaetigung",
    Kind.NO_ARREARS: "mietschuldenfreiheitsbescheinigung",
    Kind.RENT: "mietbescheinigung",
}


def _document_title(certificate: Certificate) -> str:
    if certificate.kind == Kind.REGISTRATION:
        return f"Wohnungsgeberbestätigung ({certificate.get_event_display()} {day(certificate.event_date)})"
    if certificate.kind == Kind.NO_ARREARS:
        return f"Mietschuldenfreiheitsbescheinigung (Stand {day(certificate.statement_as_of)})"
    return f"Mietbescheinigung (Stand {day(timezone.localdate(certificate.decided_at))})"


def _issue(certificate: Certificate, *, actor: Actor) -> Certificate:
    """Write the PDF, keep it with the person's documents and announce it (the mail follows)."""
    certificate.state = State.ISSUED
    certificate.decided_at = timezone.now()
    certificate.decided_by = actor.user if actor.user is not None and actor.user.pk else None
    certificate.reason = ""
    document = Document(
        party=certificate.party,
        kind=certificate.kind,
        title=_document_title(certificate)[:200],
        year=timezone.localdate().year,
    )
    name = f"{DOCUMENT_NAMES[Kind(certificate.kind)]}-{timezone.localdate():%Y%m%d}.pdf"
    document.file.save(name, ContentFile(certificate_pdf(certificate)), save=False)
    document.save()
    certificate.document = document
    certificate.save()
    certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


def _names(parties) -> list[str]:
    return [p.display_name for p in parties]


@transaction.atomic
def registration_issue(
    *,
    tenancy: Tenancy,
    event: str,
    event_date: dt.date,
    persons: list[Party] | None = None,
    source: str = Certificate.Source.AUTOMATIC,
    actor: Actor | None = None,
) -> Certificate:
    """The Wohnungsgeberbestätigung for `tenancy`'s tenant: the move in or out on `event_date` of
    `persons` (by default everyone of the contract living there that day). Once per tenancy, event and
    day: asked again, the one written is the answer."""
    existing = Certificate.objects.filter(
        party_id=tenancy.party_id,
        tenancy=tenancy,
        kind=Kind.REGISTRATION,
        state=State.ISSUED,
        event=event,
        event_date=event_date,
    ).first()
    if existing is not None:
        return existing
    if persons is None:
        persons = figures.household_of(tenancy, on=event_date)
    owner = figures.owner_of(tenancy, on=event_date)
    certificate = Certificate.objects.create(
        kind=Kind.REGISTRATION,
        source=source,
        party=tenancy.party,
        tenancy=tenancy,
        event=event,
        event_date=event_date,
        persons=_names(persons),
        owner=f"{owner.display_name}\n{owner.street}\n{owner.postcode} {owner.city}".strip() if owner else "",
    )
    return _issue(certificate, actor=actor or Actor.system())


def _start_review(certificate: Certificate, *, actor: Actor, hold_reason: str) -> Certificate:
    tenancy = certificate.tenancy
    process = engine.start(
        TEMPLATE,
        actor=actor,
        reporter_party=certificate.party,
        parties={Role.TENANT: certificate.party},
        unit=tenancy.unit,
        data={"certificate_kind": certificate.kind},
        description=f"{certificate.get_kind_display()}: {hold_reason}",
    )
    certificate.process = process
    certificate.hold_reason = hold_reason
    certificate.save()
    engine.complete(process, REQUEST, actor=actor)
    return certificate


def _no_arrears(certificate: Certificate, *, actor: Actor, today: dt.date) -> Certificate:
    statement = figures.statement_of(certificate.party, today=today)
    if statement.as_of is None:
        hold = "Das ERP hat für diese Person noch keinen Stand des Mietkontos gemeldet."
    elif statement.owed > 0:
        owed = euro(statement.owed, language="de")
        hold = f"Das ERP meldet einen offenen Betrag von {owed} (Stand {day(statement.as_of)})."
    elif statement.plan_running:
        hold = "Es läuft eine Ratenzahlung."
    else:
        certificate.statement_as_of = statement.as_of
        return _issue(certificate, actor=Actor.system())
    certificate.statement_as_of = statement.as_of
    return _start_review(certificate, actor=actor, hold_reason=hold)


def _rent(certificate: Certificate, *, actor: Actor, today: dt.date) -> Certificate:
    tenancy = certificate.tenancy
    rent = figures.rent_of(tenancy)
    unit = tenancy.unit
    certificate.rent_net = rent.rent_net
    certificate.operating_costs = rent.operating_costs
    certificate.heating_costs = rent.heating_costs
    certificate.area = unit.area
    certificate.rooms = unit.rooms
    certificate.household = len(certificate.persons) or None
    with translation.override("de"):  # the staff's note, in the language the records are kept in
        missing = [str(label) for field, label in RENT_FIGURES if getattr(certificate, field) is None]
    if not missing:
        return _issue(certificate, actor=Actor.system())
    hold = "Es fehlen Angaben: " + ", ".join(m.removeprefix("die ") for m in missing) + "."
    return _start_review(certificate, actor=actor, hold_reason=hold)


@transaction.atomic
def certificate_request(
    *, party: Party, kind: str, actor: Actor, today: dt.date | None = None
) -> Certificate:
    """The tenant asks for a certificate of their current home. Raises NoHome and AlreadyPending before
    anything is stored; returns the certificate issued at once or the one now waiting."""
    today = today or timezone.localdate()
    if kind not in Kind.values:
        raise CertificateError(_("Diese Bescheinigung gibt es nicht."))
    tenancy = figures.home_of(party, on=today)
    if tenancy is None:
        raise NoHome()
    Party.objects.select_for_update().filter(pk=party.pk).first()  # one request of a kind at a time
    if Certificate.objects.pending().filter(party=party, kind=kind).exists():
        raise AlreadyPending()
    source = Certificate.Source.PORTAL if actor.kind == "resident" else Certificate.Source.STAFF
    if kind == Kind.REGISTRATION:
        return registration_issue(
            tenancy=tenancy, event=Event.MOVE_IN, event_date=tenancy.start, source=source, actor=actor
        )
    certificate = Certificate(
        kind=kind,
        source=source,
        party=party,
        tenancy=tenancy,
        persons=_names(figures.household_of(tenancy, on=today)),
    )
    certificate.save()
    if kind == Kind.NO_ARREARS:
        return _no_arrears(certificate, actor=actor, today=today)
    return _rent(certificate, actor=actor, today=today)


def _decimal(value, *, label, places: int, maximum: Decimal) -> Decimal:
    if value is None or str(value).strip() == "":
        raise ValidationError(_("Bitte geben Sie %(what)s an.") % {"what": label}, code="missing")
    try:
        number = value if isinstance(value, Decimal) else Decimal(number_text(str(value)))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0 or number >= maximum:
        raise ValidationError(_("Bitte geben Sie %(what)s als Zahl an.") % {"what": label}, code="invalid")
    if number.as_tuple().exponent < -places:
        raise ValidationError(_("Bitte geben Sie %(what)s als Zahl an.") % {"what": label}, code="invalid")
    return number


def clean_figures(kind: str, values: dict) -> dict:
    """The staff's figures as the certificate stores them, each present and a number (no blank
    certificate); a ValidationError names the first one missing or wrong."""
    if kind == Kind.RENT:
        cleaned = {}
        for field, label in RENT_FIGURES:
            if field == "household":
                number = _decimal(values.get(field), label=label, places=0, maximum=Decimal(100))
                if number < 1:
                    raise ValidationError(_("Bitte geben Sie %(what)s an.") % {"what": label}, code="missing")
                cleaned[field] = int(number)
            elif field == "rooms":
                cleaned[field] = _decimal(values.get(field), label=label, places=1, maximum=Decimal(100))
            else:
                cleaned[field] = _decimal(values.get(field), label=label, places=2, maximum=Decimal(100000))
        if cleaned["rent_net"] <= 0 or cleaned["area"] <= 0 or cleaned["rooms"] <= 0:
            raise ValidationError(
                _("Grundmiete, Wohnfläche und Zimmer müssen größer als 0 sein."), code="zero"
            )
        return {k: str(v) for k, v in cleaned.items()}
    if kind == Kind.NO_ARREARS:
        raw = str(values.get("statement_as_of") or "").strip()
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(
                _("Bitte geben Sie den Stand der Mietenbuchhaltung als Datum an."), code="statement_as_of"
            ) from None
        if as_of > timezone.localdate():
            raise ValidationError(
                _("Der Stand der Mietenbuchhaltung kann nicht in der Zukunft liegen."), code="statement_as_of"
            )
        return {"statement_as_of": as_of.isoformat()}
    return {}


@transaction.atomic
def certificate_decide(
    certificate: Certificate,
    *,
    actor: Actor,
    issue: bool,
    figures: dict | None = None,
    reason: str = "",
    version: int | None = None,
) -> Certificate:
    """Staff issue a waiting certificate with its figures, or refuse it with a reason the tenant reads.
    `version` is the process version the page showed (StaleProcess when someone decided meanwhile)."""
    reason = reason.strip()
    if not issue and not reason:
        raise ValidationError(_("Bitte geben Sie eine Begründung an."), code="reason")
    data = {"decided": "1", "reason": reason}
    if issue:
        data.update(clean_figures(certificate.kind, figures or {}))
    if certificate.state != State.PENDING or certificate.process_id is None:
        if version is not None:
            raise StaleProcess()
        raise CertificateError()
    engine.complete(
        certificate.process,
        ISSUE,
        actor=actor,
        outcome=ISSUED if issue else REFUSED,
        data=data,
        version=version,
    )
    certificate.refresh_from_db()
    return certificate


def on_issue_step(*, process: Process, step: ProcessStep, actor: Actor) -> None:
    """The issue step ended: the certificate follows, inside the engine's transaction."""
    certificate = Certificate.objects.select_for_update().filter(process=process, state=State.PENDING).first()
    if certificate is None:
        return
    data = step.data or {}
    if step.outcome != ISSUED:
        reason = str(data.get("reason") or data.get("note") or "").strip()
        if not reason:
            raise ReasonRequired()
        certificate.state = State.REFUSED
        certificate.reason = reason
        certificate.decided_at = timezone.now()
        certificate.decided_by = actor.user if actor.user is not None and actor.user.pk else None
        certificate.save()
        certificate_refused.send(sender=Certificate, certificate=certificate)
        return
    cleaned = clean_figures(certificate.kind, data)
    for field, value in cleaned.items():
        if field == "statement_as_of":
            value = dt.date.fromisoformat(value)
        elif field == "household":
            value = int(value)
        else:
            value = Decimal(value)
        setattr(certificate, field, value)
    _issue(certificate, actor=actor)


def on_process_cancelled(*, process: Process, actor: Actor) -> None:
    """Staff cancelled the review: the request ends as refused, with the process's reason."""
    certificate = Certificate.objects.filter(process=process, state=State.PENDING).first()
    if certificate is None:
        return
    certificate.state = State.REFUSED
    certificate.reason = process.ticket.status_reason or str(_("Die Anfrage wurde beendet."))
    certificate.decided_at = timezone.now()
    certificate.save()
    certificate_refused.send(sender=Certificate, certificate=certificate)


def visible_certificates(user):
    """The certificates staff may see: those whose process they may see, and those written without one."""
    return Certificate.objects.filter(
        Q(process__isnull=True) | Q(process__in=access.processes_for(user).values("pk"))
    )
