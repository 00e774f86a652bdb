"""Letters and mails of Erlaubnisse (permits: Untervermietung, Tierhaltung), on permits.signals:

- a decision taken (erteilt, erteilt mit Auflagen, abgelehnt with its reason): the DIN 5008 letter to the
  tenant who asked, with what the permission covers, its period and conditions (Untermietzuschlag,
  Befristung, Auflagen);
- a permission revoked: the letter of revocation with its reason.
Printed for those who want post, else an e-mail with the same facts and the link to the portal; either
way the letter is kept with the tenant's documents (portal: Meine Dokumente) once the change is committed.
Written in the tenant's language."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from estate.models import Document, Party
from estate.money import euro
from estate.salutations import salutation_for
from permits import services
from permits.models import Animal, Kind, Permit, Size
from permits.signals import permit_decided, permit_revoked
from permits.standard import NO, SUBLET, WITH_CONDITIONS
from processes.models import Process, ProcessStep

from ..letters.outbox import spec_letter
from ..letters.render import LetterSpec, render_letter
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue

DOCUMENT_KIND = "erlaubnis"


def connect() -> None:
    permit_decided.connect(on_decided, dispatch_uid="process_mail.permits.decided")
    permit_revoked.connect(on_revoked, dispatch_uid="process_mail.permits.revoked")


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def facts(process: Process, *, until=None) -> list[list[str]]:
    """What was asked for, as rows atop the letter and in the mail (short labels: the column is narrow);
    `until`: the time limit a decision set, which replaces the end asked for."""
    request = services.request_of(process)
    if process.template.code == SUBLET:
        rows = [
            [_("Untermietpartei"), request.get("subtenant_name", "")],
            [_("Räume"), request.get("rooms", "")],
            [_("Beginn"), _day(services._date(request.get("valid_from", "")))],
        ]
        end = until or services._date(request.get("valid_until") or "")
        if end:
            rows.append([_("Ende"), _day(end)])
        if request.get("with_household"):
            rows.append([_("Haushalt"), _("zieht mit eigenem Haushalt ein")])
        return rows
    animal = request.get("animal", "")
    rows = [
        [_("Tier"), str(Animal(animal).label) if animal in Animal.values else animal],
        [_("Rasse"), request.get("description", "")],
        [_("Anzahl"), str(request.get("count", 1))],
    ]
    if request.get("size") in Size.values:
        rows.append([_("Größe"), str(Size(request["size"]).label)])
    return rows


def _home(process: Process):
    return process.ticket.unit


def _subject(process: Process) -> str:
    if process.template.code == SUBLET:
        return _("Ihr Antrag auf Untervermietung")
    return _("Ihr Antrag auf Tierhaltung")


def decision_letter(process: Process, party: Party, step: ProcessStep) -> LetterSpec:
    with translation.override(party.language):
        decision = services.decision_of(process) or {}
        data = step.data or {}
        if not decision:  # announced inside the step's transaction: read the step just done
            decision = {
                "outcome": step.outcome,
                "conditions": (data.get("conditions") or data.get("note") or "").strip(),
                "reason": (data.get("reason") or data.get("note") or "").strip(),
                "surcharge": Decimal(data["surcharge"]) if data.get("surcharge") else None,
                "valid_until": services._date(data.get("valid_until") or ""),
            }
        outcome = step.outcome
        context = {
            "salutation": salutation_for(party),
            "reference": process.ticket.reference,
            "letter_subject": _subject(process),
            "sublet": process.template.code == SUBLET,
            "granted": outcome != NO,
            "with_conditions": outcome == WITH_CONDITIONS,
            "facts": facts(process, until=decision.get("valid_until") if outcome != NO else None),
            "conditions": decision.get("conditions", "") if outcome == WITH_CONDITIONS else "",
            "surcharge": euro(decision["surcharge"]) if decision.get("surcharge") else "",
            "valid_until": _day(decision.get("valid_until")),
            "reason": decision.get("reason", "") if outcome == NO else "",
            "home": str(_home(process) or ""),
            "portal_link": absolute(reverse("portal:permit", args=[process.ticket.reference])),
        }
        assignee = process.ticket.assignee
        if assignee:
            context["contact_name"] = assignee.get_full_name()
        return LetterSpec(
            template="letters/permit_decision.html",
            recipient=postal_address(party, unit=_home(process)),
            context=context,
            language=party.language,
        )


def revocation_letter(permit: Permit) -> LetterSpec:
    party, process = permit.party, permit.process
    with translation.override(party.language):
        context = {
            "salutation": salutation_for(party),
            "reference": process.ticket.reference,
            "letter_subject": _("Widerruf Ihrer Erlaubnis zur Untervermietung")
            if permit.kind == Kind.SUBLET
            else _("Widerruf Ihrer Erlaubnis zur Tierhaltung"),
            "sublet": permit.kind == Kind.SUBLET,
            "facts": facts(process, until=permit.valid_until),
            "granted_on": _day(timezone.localdate(permit.granted_at)),
            "reason": permit.revoke_reason,
            "portal_link": absolute(reverse("portal:permit", args=[process.ticket.reference])),
        }
        assignee = process.ticket.assignee
        if assignee:
            context["contact_name"] = assignee.get_full_name()
        return LetterSpec(
            template="letters/permit_revocation.html",
            recipient=postal_address(party, unit=permit.unit),
            context=context,
            language=party.language,
        )


def _keep(party: Party, *, title: str, name: str, spec: LetterSpec) -> None:
    """The letter as sent, kept with the tenant's documents (portal: Meine Dokumente), once, after commit:
    a refused or rolled-back decision keeps nothing."""

    def write() -> None:
        if Document.objects.filter(party=party, kind=DOCUMENT_KIND, title=title[:200]).exists():
            return
        document = Document(
            party=party, kind=DOCUMENT_KIND, title=title[:200], year=timezone.localdate().year
        )
        document.file.save(name, ContentFile(render_letter(spec)), save=False)
        document.save()

    transaction.on_commit(write, robust=True)


def _send(process: Process, party: Party, *, kind: str, spec: LetterSpec, lead: str, title: str, name: str):
    _keep(party, title=title, name=name, spec=spec)
    recipient = for_party(party)
    subject = str(spec.context["letter_subject"])
    if recipient is None or recipient.channel == OutboxMessage.Channel.LETTER or not party.email:
        letter_enqueue(
            idempotency_key=f"{kind}:{process.pk}:p{party.pk}",
            kind=kind,
            party=party,
            subject=subject,
            ticket=process.ticket,
            letter=spec_letter(spec),
        )
        return

    def compose() -> tuple[str, list[str]]:
        context = spec.context
        lines = [lead]
        lines += [f"{label}: {value}" for label, value in context["facts"]]
        if context.get("surcharge"):
            lines.append(_("Untermietzuschlag: %(amount)s monatlich") % {"amount": context["surcharge"]})
        if context.get("valid_until"):
            lines.append(_("Befristet bis: %(date)s") % {"date": context["valid_until"]})
        if context.get("conditions"):
            lines.append(_("Auflagen: %(conditions)s") % {"conditions": context["conditions"]})
        if context.get("reason"):
            lines.append(_("Begründung: %(reason)s") % {"reason": context["reason"]})
        lines.append(_("Das Schreiben als PDF finden Sie im Mieterportal unter „Meine Dokumente“."))
        return subject, lines

    tell(
        recipient,
        kind=kind,
        key=str(process.pk),
        ticket=process.ticket,
        compose=compose,
        link=spec.context["portal_link"],
        link_label=lambda: _("Ihr Antrag im Mieterportal"),
    )


def on_decided(sender, *, process: Process, step: ProcessStep, permit: Permit | None, **kwargs) -> None:
    party = process.ticket.reporter
    if party is None:
        return
    spec = decision_letter(process, party, step)
    with translation.override(party.language):
        sublet = process.template.code == SUBLET
        if step.outcome == NO:
            lead = (
                _("wir können Ihnen die Untervermietung leider nicht erlauben.")
                if sublet
                else _("wir können Ihnen die Tierhaltung leider nicht erlauben.")
            )
        elif step.outcome == WITH_CONDITIONS:
            lead = (
                _("wir erlauben Ihnen die Untervermietung unter den folgenden Auflagen.")
                if sublet
                else _("wir erlauben Ihnen die Tierhaltung unter den folgenden Auflagen.")
            )
        else:
            lead = (
                _("wir erlauben Ihnen die Untervermietung.")
                if sublet
                else _("wir erlauben Ihnen die Tierhaltung.")
            )
        title = _("Entscheidung: %(subject)s (%(reference)s)") % {
            "subject": spec.context["letter_subject"],
            "reference": process.ticket.reference,
        }
    slug = "untervermietung" if sublet else "tierhaltung"
    _send(
        process,
        party,
        kind="permit_decision",
        spec=spec,
        lead=lead,
        title=title,
        name=f"{slug}-{process.ticket.reference}-entscheidung.pdf",
    )


def on_revoked(sender, *, permit: Permit, **kwargs) -> None:
    party = permit.party
    spec = revocation_letter(permit)
    with translation.override(party.language):
        lead = _("hiermit widerrufen wir die Erlaubnis, die wir Ihnen am %(date)s erteilt haben.") % {
            "date": spec.context["granted_on"]
        }
        title = _("%(subject)s (%(reference)s)") % {
            "subject": spec.context["letter_subject"],
            "reference": permit.process.ticket.reference,
        }
    slug = "untervermietung" if permit.kind == Kind.SUBLET else "tierhaltung"
    _send(
        permit.process,
        party,
        kind="permit_revocation",
        spec=spec,
        lead=lead,
        title=title,
        name=f"{slug}-{permit.process.ticket.reference}-widerruf.pdf",
    )
