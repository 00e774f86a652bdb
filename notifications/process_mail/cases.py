"""Letters and mails of nuisance cases and home modifications (see notifications/process_mail/__init__.py).

Nuisance: staff write the invitation to a talk and the Abmahnung to the accused (`accused_letter`). Such a
letter names the kind of disturbance, the accused's own home and the company, never the complainant: the
text staff add is checked by processes.nuisance.reveals_complainant first, and the letter's context holds
nothing of the complaint or the log. Home modification: the decision (approval, refusal with its reason)
and the conditions go to the tenant as letters, the record of taken over / removal at move-out by mail.

Each letter is an outbox row of channel "letter" (printed with the next batch, rendered from the spec it
carries), plus a short e-mail that a letter is on its way, for those who read e-mail. The portal shows a
party the letters addressed to them (`letters_for`) and renders one on request (`letter_pdf`)."""

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from estate.models import Party
from estate.salutations import salutation_for
from processes import modification, nuisance
from processes.errors import ProcessError
from processes.models import Process, ProcessStep
from processes.signals import step_completed, step_started
from tickets.actors import Actor
from tickets.models import TicketEvent
from tickets.timeline import record

from ..letters.outbox import spec_for
from ..letters.render import render_letter
from ..letters.specs import postal_address
from ..models import OutboxMessage
from ..recipients import absolute, for_party, tell
from ..services import letter_enqueue

TALK, WARNING = "talk", "warning"
LETTER_KINDS = {
    "nuisance_talk": "letters/nuisance_talk.html",
    "nuisance_warning": "letters/nuisance_warning.html",
    "modification_decision": "letters/modification_decision.html",
    "modification_conditions": "letters/modification_conditions.html",
}


def connect() -> None:
    """Connect this area's receivers to processes.signals (dispatch_uid per receiver)."""
    step_completed.connect(on_step_completed, dispatch_uid="notifications.process_mail.cases.completed")
    step_started.connect(on_step_started, dispatch_uid="notifications.process_mail.cases.started")


# --- the letter itself --------------------------------------------------------------------------------


def _subject(kind: str) -> str:
    return str(
        {
            "nuisance_talk": _("Einladung zu einem Gespräch"),
            "nuisance_warning": _("Abmahnung wegen Störung des Hausfriedens"),
            "modification_decision": _("Ihr Antrag auf bauliche Veränderung"),
            "modification_conditions": _("Genehmigung Ihrer baulichen Veränderung mit Auflagen"),
        }[kind]
    )


def _contact(process: Process) -> str:
    assignee = process.ticket.assignee
    return assignee.get_full_name() if assignee is not None else ""


def _portal_page(process: Process) -> str:
    name = "portal:nuisance" if nuisance.is_nuisance(process) else "portal:modification"
    return absolute(reverse(name, args=[process.ticket.reference]))


def _letter(process: Process, party: Party, *, kind: str, key: str, context: dict) -> OutboxMessage:
    """Write the letter to the outbox (printed with the next batch) and tell the party by e-mail, in their
    language. `context` is plain data, kept with the row so the batch renders it as written today. The
    address is the party's home at the process's property."""
    home = nuisance.home_at(party, process.ticket.property_id)
    with translation.override(party.language):
        subject = _subject(kind)
        spec = {
            "builder": "spec",
            "template": LETTER_KINDS[kind],
            "recipient": list(postal_address(party, unit=home)),
            "language": party.language,
            "context": {
                "salutation": salutation_for(party),
                "reference": process.ticket.reference,
                "contact_name": _contact(process),
                "letter_subject": subject,
                "home": str(home) if home is not None else "",
                **context,
            },
        }
    message = letter_enqueue(
        idempotency_key=f"{kind}:{key}"[:200],
        kind=kind,
        party=party,
        subject=subject,
        ticket=process.ticket,
        letter=spec,
    )
    _tell_letter_coming(process, party, subject=subject, key=f"{kind}:{key}")
    return message


def _tell_letter_coming(process: Process, party: Party, *, subject: str, key: str) -> None:
    recipient = for_party(party)
    if recipient is None or recipient.channel != OutboxMessage.Channel.EMAIL or not recipient.address:
        return
    tell(
        recipient,
        kind="process_letter_notice",
        key=key,
        ticket=process.ticket,
        compose=lambda: (
            subject,
            [
                _("wir haben Ihnen einen Brief geschrieben: „%(subject)s“.") % {"subject": subject},
                _("Er kommt per Post. Sie können ihn auch jetzt schon im Mieterportal lesen."),
            ],
        ),
        link=_portal_page(process),
        link_label=lambda: _("Brief im Mieterportal lesen"),
    )


def letters_for(process: Process, party: Party) -> QuerySet:
    """The letters of this process addressed to `party`: what their portal page lists, nothing else."""
    return OutboxMessage.objects.filter(
        ticket=process.ticket,
        recipient_party=party,
        channel=OutboxMessage.Channel.LETTER,
        kind__in=list(LETTER_KINDS),
    ).order_by("created_at", "id")


def letter_pdf(message: OutboxMessage) -> bytes:
    return render_letter(spec_for(message))


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- nuisance: letters to the accused -----------------------------------------------------------------


def accused_letter(
    process: Process,
    *,
    stage: str,
    actor: Actor,
    day: dt.date | None = None,
    time: dt.time | None = None,
    where: str = "",
    text: str = "",
) -> OutboxMessage:
    """The invitation to a talk (`day`, `time`, `where`, an optional `text`) or the Abmahnung (`text`:
    the conduct, in the case worker's words) to the accused, while that stage is the active step."""
    if not nuisance.is_nuisance(process) or stage not in (TALK, WARNING):
        raise ProcessError()
    step = process.current_step
    if step is None or step.template.code != stage:
        raise ProcessError(_("Dieser Brief gehört zu einer Stufe, die gerade nicht läuft."))
    accused = nuisance.accused_of(process)
    if accused is None:
        raise ProcessError(_("Bitte tragen Sie zuerst die beschuldigte Partei ein."))
    text = text.strip()
    if stage == WARNING and not text:
        raise ProcessError(_("Bitte beschreiben Sie das Verhalten, das abgemahnt wird."))
    if stage == TALK and (day is None or time is None or not where.strip()):
        raise ProcessError(_("Bitte nennen Sie Tag, Uhrzeit und Ort des Gesprächs."))
    why = nuisance.reveals_complainant(process, f"{text}\n{where}")
    if why:
        raise ProcessError(why)
    with translation.override(accused.language):
        context = {"kind": nuisance.kind_label(process), "text": text}
        if stage == TALK:
            context |= {"day": _date(day), "time": formats.time_format(time, "TIME_FORMAT"), "where": where}
    kind = f"nuisance_{stage}"
    key = f"{process.pk}:{step.pk}:{_count(process, kind)}"
    message = _letter(process, accused, kind=kind, key=key, context=context)
    record(
        process.ticket,
        kind=TicketEvent.Kind.PROCESS,
        actor=actor,
        is_public=False,
        action="letter_written",
        process_id=process.pk,
        process_name=process.template.names(),
        step_name=step.template.names(),
        outbox_id=message.pk,
    )
    return message


def _count(process: Process, kind: str) -> int:
    """A second invitation (a new date) is a new letter, not the first one again."""
    return OutboxMessage.objects.filter(ticket=process.ticket, kind=kind).count() + 1


# --- home modification: the tenant's letters ----------------------------------------------------------


def on_step_completed(sender, *, process: Process, step: ProcessStep, actor: Actor, **kwargs) -> None:
    if not modification.is_modification(process):
        return
    if step.template.code == "decision" and step.outcome in (modification.YES, modification.NO):
        _modification_letter(process, step, kind="modification_decision")
    elif step.template.code == "record":
        _tell_record(process, step)


def on_step_started(sender, *, process: Process, step: ProcessStep, **kwargs) -> None:
    if modification.is_modification(process) and step.template.code == "conditions_letter":
        _modification_letter(process, step, kind="modification_conditions")


def _modification_letter(process: Process, step: ProcessStep, *, kind: str) -> None:
    tenant = process.ticket.reporter
    if tenant is None:
        return
    request, decision = modification.request_of(process), modification.decision_of(process)
    context = {
        "title": request.get("title", ""),
        "room": request.get("room", ""),
        "outcome": decision.get("outcome", ""),
        "conditions": decision.get("conditions", ""),
        "reason": decision.get("reason", ""),
    }
    _letter(process, tenant, kind=kind, key=f"{process.pk}:{step.pk}", context=context)


def _tell_record(process: Process, step: ProcessStep) -> None:
    tenant = process.ticket.reporter
    if tenant is None:
        return
    title = modification.request_of(process).get("title", "")

    def compose() -> tuple[str, list[str]]:
        if step.outcome == modification.TAKEN_OVER:
            line = _("wir übernehmen Ihre Veränderung „%(title)s“: Sie bauen sie beim Auszug nicht zurück.")
        else:
            line = _(
                "Ihre Veränderung „%(title)s“ bleibt Ihre Sache: beim Auszug bauen Sie sie bitte zurück. "
                "Die Wohnungsabnahme prüft das."
            )
        return _("Vermerk zu Ihrer baulichen Veränderung"), [line % {"title": title}]

    tell(
        for_party(tenant),
        kind="modification_record",
        key=f"{process.pk}:{step.pk}",
        ticket=process.ticket,
        compose=compose,
        link=_portal_page(process),
        link_label=lambda: _("Antrag im Mieterportal ansehen"),
    )
