"""Who is told what. Notifications listen to the ticket domain's facts (`tickets.signals`): each timeline
row is looked up here by its kind, and the rule for it writes outbox rows inside the transaction that
recorded the row; delivery happens after commit. Wording is translated in the recipient's language."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogs.models import DocumentDelivery
from processes.access import may_rate
from tickets.answers import Audience, answer_rows
from tickets.models import ChangeRequest, Channel, Message, Ticket, TicketEvent, WorkOrder
from tickets.status import Status
from tickets.watchers import watching_users
from tickets.work_orders import make_token

from . import follow_ups, reply_frame
from .documents import cover_letter
from .recipients import Recipient, absolute, for_party, for_reporter, for_staff, tell, what

ESCALATE_AFTER = dt.timedelta(hours=24)


def on_event_recorded(sender, *, event: TicketEvent, **kwargs) -> None:
    rule = RULES.get(event.kind)
    if rule is not None:
        rule(event.ticket, event)


def on_change_request_decided(sender, *, change_request: ChangeRequest, **kwargs) -> None:
    """The tenant hears whether their data change (bank account, name, contract) was made or why not."""
    kind = change_request.get_kind_display()

    def compose() -> tuple[str, list[str]]:
        if change_request.state == ChangeRequest.State.APPROVED:
            return _("Ihre Änderung ist übernommen: %(kind)s") % {"kind": kind}, [
                _("wir haben Ihren Antrag geprüft und die Änderung in unseren Unterlagen übernommen.")
            ]
        return _("Ihr Änderungsantrag: %(kind)s") % {"kind": kind}, [
            _("wir konnten Ihren Antrag leider nicht übernehmen."),
            _("Begründung: %(reason)s") % {"reason": change_request.reason},
            _("Bei Fragen erreichen Sie uns gern telefonisch oder per E-Mail."),
        ]

    recipient = for_party(change_request.party)
    tell(
        recipient,
        kind="change_request_decided",
        key=str(change_request.pk),
        ticket=change_request.ticket,
        compose=compose,
        **_ticket_link(recipient, change_request.ticket),
    )


# --- one rule per kind of timeline row ----------------------------------------------------------------


def _created(ticket: Ticket, event: TicketEvent) -> None:
    """Confirmation to the reporter, notice to the assignee; a document for the nightly batch gets its
    cover letter. A ticket made to carry a process confirms nothing yet: the process's start decides
    (`_process`)."""
    if not event.data.get("process"):
        _confirm_receipt(ticket)
    if ticket.assignee_id:
        _tell_assignee(ticket, key=f"created:{ticket.pk}")
    if ticket.item.document_delivery == DocumentDelivery.BATCH and ticket.reporter_id:
        cover_letter(ticket, key=f"document_cover:{ticket.pk}")


def _confirm_receipt(ticket: Ticket, process=None) -> None:
    """ "Ihre Meldung ist eingegangen"; for a process (a Ratenzahlung, a Wohnungstausch) it names the
    request by its kind, which is no Meldung."""
    reporter = for_reporter(ticket)

    def compose() -> tuple[str, list[str]]:
        if process is not None:
            label = process.template.label
            return _("Ihr Anliegen ist bei uns eingegangen: %(process)s") % {"process": label}, [
                _(
                    "vielen Dank für Ihr Anliegen „%(process)s“. Wir haben es unter der unten genannten "
                    "Nummer erfasst und melden uns, sobald es weitergeht."
                )
                % {"process": label},
                _("Bitte geben Sie die Nummer bei Rückfragen an. Sie können auf diese E-Mail antworten."),
            ]
        return _("Ihre Meldung ist bei uns eingegangen"), [
            _("vielen Dank für Ihre Meldung. Wir haben sie unter der unten genannten Nummer erfasst."),
            what(ticket),
            _("Bitte geben Sie die Nummer bei Rückfragen an. Sie können auf diese E-Mail antworten."),
        ]

    tell(
        reporter,
        kind="ticket_created",
        key=str(ticket.pk),
        ticket=ticket,
        compose=compose,
        **_ticket_link(reporter, ticket),
    )


def _process(ticket: Ticket, event: TicketEvent) -> None:
    """A process began on a ticket made for it: the reporter gets the generic confirmation only where it
    still says something true (`GENERIC_MAILS`)."""
    if event.data.get("action") != "process_started" or not event.data.get("new_ticket"):
        return
    if event.data.get("by_tenant") and generic_mails(ticket.process.template.code).received:
        _confirm_receipt(ticket, ticket.process)


def _status(ticket: Ticket, event: TicketEvent) -> None:
    """The reporter (if they follow it) and everyone who said "affects me too" hear about a new status; a
    release also tells whoever now has the work. On a process ticket, the reporter hears it only where
    the process's own mails do not say it (`_status_for_reporter`)."""
    recipients = [for_reporter(ticket)] if ticket.tracking_enabled and _status_for_reporter(ticket) else []
    if event.data.get("change_request"):
        recipients = []  # the decision on the data change tells the tenant (on_change_request_decided)
    followers = ticket.affected.filter(notify=True).select_related("party")
    recipients += [for_party(a.party) for a in followers if a.party_id != ticket.reporter_id]

    def compose() -> tuple[str, list[str]]:
        lines = [
            _("der Stand Ihrer Meldung hat sich geändert: %(status)s")
            % {"status": ticket.get_status_display()}
        ]
        if ticket.status_reason:
            lines.append(_("Begründung: %(reason)s") % {"reason": ticket.status_reason})
        lines.append(what(ticket))
        return _("Neuer Stand: %(status)s") % {"status": ticket.get_status_display()}, lines

    for recipient in recipients:
        tell(
            recipient,
            kind="status_changed",
            key=str(event.pk),
            ticket=ticket,
            compose=compose,
            **(_feedback_link(ticket, recipient) or _ticket_link(recipient, ticket)),
        )
    if event.data.get("work_order_id"):
        work_order = WorkOrder.objects.select_related("contractor", "caretaker").get(
            pk=event.data["work_order_id"]
        )
        if work_order.caretaker_id is not None:
            _caretaker_job(ticket, work_order, note=event.data.get("note"))
        else:
            _work_order(ticket, work_order, note=event.data.get("note"))
    elif event.data.get("target_kind") == "staff" and event.data.get("assignee_id"):
        _tell_assignee(ticket, key=f"released:{event.pk}", actor_id=event.actor_id)


# --- process tickets: the generic mails only where the process's own mails do not speak ----------------


@dataclass(frozen=True)
class GenericMails:
    """For a process the tenant started themselves: whether they get the generic "Ihre Meldung ist bei
    uns eingegangen" at the start (`received`), and "Neuer Stand: Erledigt" when it is done (`done`). A
    process that staff or the ERP start for a tenant (who reported nothing) sends neither; a status set
    by hand on a tenant's own process, and its cancellation with the reason, are still told."""

    received: bool
    done: bool


# Keyed by template code (processes.standard and the apps' standard modules), decided by what each
# process mails itself (notifications/process_mail/*.py).
GENERIC_MAILS = {
    # The co-tenants get consent links, the tenant the Kündigungsbestätigung only once staff confirm it,
    # then the settlement: nothing confirms receipt, the letters tell the end.
    "kuendigung": GenericMails(received=True, done=False),
    # The letters go to the accused only (never naming the complainant): the complainant hears receipt
    # and the end from the ticket.
    "nachbarschaftsstoerung": GenericMails(received=True, done=True),
    # The decision letter (approved, with conditions, refused) and the record of the check tell the end.
    "bauliche_veraenderung": GenericMails(received=True, done=False),
    # Started by staff: the payment request mail with the transfer details.
    "zahlungsaufforderung": GenericMails(received=False, done=False),
    # The decision mail (applies from now / why not) tells the end.
    "zahlungsweise": GenericMails(received=True, done=False),
    # The decision (the confirmation with its schedule, the counter-offer, the refusal) and the end of the
    # plan are mailed by the process.
    "ratenzahlung": GenericMails(received=True, done=False),
    # Started by the allocation system or staff: the invitation to sign, the sealed agreement.
    "vermietung": GenericMails(received=False, done=False),
    # "Ihre Buchung/Kündigung ist eingegangen" (or the agreement at once), the Zusatzvereinbarung or the
    # Kündigungsbestätigung, the refusal: all the process's own.
    "zusatzleistung": GenericMails(received=False, done=False),
    "zusatzleistung_kuendigung": GenericMails(received=False, done=False),
    # The confirmation or the Nachtrag zum Mietvertrag; a refusal is told by the change request's mail.
    "namensaenderung": GenericMails(received=True, done=False),
    "mitmieter_aufnahme": GenericMails(received=True, done=False),
    "mitmieter_entlassung": GenericMails(received=True, done=False),
    "ansprechpartner": GenericMails(received=True, done=False),
    # The partner's invitation goes to the partner; the decision letters go to both applicants.
    "wohnungstausch": GenericMails(received=True, done=False),
    # A certificate that waits for the case worker: receipt as for any request; the certificate or the
    # refusal with its reason is mailed by certificates' own mail.
    "bescheinigung": GenericMails(received=True, done=False),
    # Erlaubnisse: receipt as for any request; the decision letter (and a revocation) tell the rest.
    "untervermietung": GenericMails(received=True, done=False),
    "tierhaltung": GenericMails(received=True, done=False),
}
# A template an admin made has no mails of its own: the ticket's mails tell everything.
TICKET_MAILS_ONLY = GenericMails(received=True, done=True)


def generic_mails(code: str) -> GenericMails:
    return GENERIC_MAILS.get(code, TICKET_MAILS_ONLY)


def _status_for_reporter(ticket: Ticket) -> bool:
    """Whether the reporter hears this status of the ticket by the generic mail (processes: see
    GenericMails)."""
    try:
        process = ticket.process
    except ObjectDoesNotExist:
        return True
    started = (
        TicketEvent.objects.filter(
            ticket=ticket, kind=TicketEvent.Kind.PROCESS, data__action="process_started"
        )
        .values_list("data", flat=True)
        .first()
        or {}
    )
    if "by_tenant" in started:  # the tenant started it, or it began on a ticket they had reported
        reported = started["by_tenant"] or not started.get("new_ticket")
    else:  # a process started before the start row said who started it
        reported = ticket.channel == Channel.PORTAL
    if not reported:
        return False
    if ticket.status == Status.DONE:
        return generic_mails(process.template.code).done
    return True


def _feedback_link(ticket: Ticket, recipient: Recipient | None) -> dict:
    """A finished repair's reporter is asked for a rating (the page records only on POST)."""
    if recipient is None or not may_rate(ticket, recipient.party):
        return {}
    return {
        "link": absolute(reverse("portal:feedback", args=[ticket.reference])),
        "link_label": lambda: _("Wie zufrieden waren Sie? Jetzt bewerten"),
    }


def _assigned(ticket: Ticket, event: TicketEvent) -> None:
    """A new assignee hears of it, unless they took the ticket themselves."""
    new = event.data.get("assignee_id")
    if new and new != event.data.get("previous_assignee_id") and new != event.actor_id:
        _tell_assignee(ticket, key=f"assigned:{event.pk}", actor_id=event.actor_id)


def _message(ticket: Ticket, event: TicketEvent) -> None:
    """A public reply goes to the reporter; a tenant's message or e-mail to the assignee and watchers."""
    kind = event.data.get("message_kind")
    if kind == Message.Kind.PUBLIC:
        message = Message.objects.get(pk=event.data["message_id"])
        reporter = for_reporter(ticket)
        tell(
            reporter,
            kind="public_reply",
            key=str(message.pk),
            ticket=ticket,
            compose=lambda: (_("Antwort zu Ihrer Meldung"), [message.body]),
            frame=lambda: _reply_frame(ticket, message),
            message=message,
            **_ticket_link(reporter, ticket),
        )
    elif kind in {Message.Kind.TENANT, Message.Kind.EMAIL_IN}:
        message = Message.objects.get(pk=event.data["message_id"])
        _tell_involved(
            ticket,
            event,
            kind="tenant_reply",
            key=str(message.pk),
            compose=lambda: (
                _("Neue Nachricht von %(name)s") % {"name": message.author_label or ticket.reporter_display},
                [message.body],
            ),
        )


def _reply_frame(ticket: Ticket, message: Message) -> dict:
    """One greeting and one closing (the reply's own where it has them), the writer's signature and
    footer (notifications.reply_frame)."""
    frame = {
        "signature": reply_frame.signature_of(message.author, message.body),
        "footer": reply_frame.footer_for(message.author, ticket.team),
    }
    if reply_frame.has_greeting(message.body):
        frame["greeting"] = ""
    if reply_frame.has_closing(message.body) or reply_frame.has_closing(frame["signature"]):
        frame["closing"] = ""
    return frame


def _contractor(ticket: Ticket, event: TicketEvent) -> None:
    """A worker's step (contractor or caretaker): the case worker hears of a decline, the tenant of a
    proposed appointment."""
    step, data, name = event.data.get("step"), event.data, event.actor_label
    by_caretaker = data.get("worker") == "caretaker"
    if step == "declined":
        _tell_involved(
            ticket,
            event,
            kind="work_order_declined",
            key=str(data.get("work_order_id") or event.pk),
            compose=lambda: (
                _("Auftrag abgelehnt von %(name)s") % {"name": name},
                [_("Begründung: %(reason)s") % {"reason": data.get("reason", "")}, what(ticket)],
            ),
        )
    elif step == "appointment":

        def compose() -> tuple[str, list[str]]:
            when = dt.datetime.fromisoformat(data["at"])
            day = timezone.localtime(when).strftime("%d.%m.%Y %H:%M")
            proposal = (
                _("Ihr Hauswart %(name)s schlägt für Ihre Meldung einen Termin vor: %(day)s.")
                if by_caretaker
                else _("die Firma %(name)s schlägt für Ihre Meldung einen Termin vor: %(day)s.")
            )
            lines = [proposal % {"name": name, "day": day}, what(ticket)]
            if data.get("note"):
                lines.append(data["note"])
            lines.append(_("Passt Ihnen der Termin nicht, antworten Sie bitte auf diese E-Mail."))
            return _("Terminvorschlag für Ihre Meldung"), lines

        reporter = for_reporter(ticket)
        tell(
            reporter,
            kind="appointment",
            key=str(event.pk),
            ticket=ticket,
            compose=compose,
            **_ticket_link(reporter, ticket),
        )


def _overdue(ticket: Ticket, event: TicketEvent) -> None:
    """The assignee first; where nobody is assigned, the team lead at once; and the watchers."""
    lead = ticket.team.lead if ticket.team_id and not ticket.assignee_id else None
    _tell_involved(
        ticket,
        event,
        kind="overdue",
        key=f"{ticket.pk}:{ticket.due_at:%Y%m%d%H%M}",
        compose=_overdue_compose(ticket),
        first=lead,
    )


RULES = {
    TicketEvent.Kind.CREATED: _created,
    TicketEvent.Kind.STATUS: _status,
    TicketEvent.Kind.ASSIGNED: _assigned,
    TicketEvent.Kind.MESSAGE: _message,
    TicketEvent.Kind.CONTRACTOR: _contractor,
    TicketEvent.Kind.OVERDUE: _overdue,
    TicketEvent.Kind.FOLLOW_UP: follow_ups.on_follow_up,
    TicketEvent.Kind.PROCESS: _process,
}


# --- the messages the rules share ---------------------------------------------------------------------


def _ticket_link(recipient: Recipient | None, ticket: Ticket | None) -> dict:
    """A resident in our master data opens the ticket in the portal (signing in first brings them back
    to it); someone outside it has no portal login, so their mail carries no link."""
    if recipient is None or recipient.party is None or ticket is None:
        return {}
    return {
        "link": absolute(reverse("portal:ticket", args=[ticket.reference])),
        "link_label": lambda: _("Meldung im Mieterportal ansehen"),
    }


def _tell_assignee(ticket: Ticket, *, key: str, actor_id: int | None = None) -> None:
    tell(
        for_staff(ticket.assignee),
        kind="ticket_assigned",
        key=key,
        ticket=ticket,
        compose=lambda: (
            _("Neue Meldung für Sie: %(what)s") % {"what": ticket.item.label},
            [_("Ihnen wurde eine Meldung zugewiesen."), what(ticket), ticket.description],
        ),
    )
    for user in _watchers(ticket, actor_id=actor_id, besides=ticket.assignee_id):
        tell(
            for_staff(user),
            kind="ticket_assigned",
            key=key,
            ticket=ticket,
            compose=lambda: (
                _("Meldung zugewiesen: %(what)s") % {"what": ticket.item.label},
                [
                    _("Eine Meldung, die Sie beobachten, ist jetzt %(who)s zugewiesen.")
                    % {"who": ticket.assignee},
                    what(ticket),
                ],
            ),
        )


def _watchers(ticket: Ticket, *, actor_id: int | None, besides: int | None) -> list:
    """The ticket's watchers (tickets.watchers) who should hear of a change: not whoever made it, and
    not the one told already."""
    return [u for u in watching_users(ticket) if u.pk not in {actor_id, besides}]


def _tell_involved(ticket: Ticket, event: TicketEvent, *, kind: str, key: str, compose, first=None) -> None:
    """The staff message of an event to the assignee (or `first`, told in her place) and to each
    watcher, once each, never to the colleague whose action it was."""
    first = first or ticket.assignee
    if first is not None and first.pk != event.actor_id:
        tell(for_staff(first), kind=kind, key=key, ticket=ticket, compose=compose)
    for user in _watchers(ticket, actor_id=event.actor_id, besides=first.pk if first else None):
        tell(for_staff(user), kind=kind, key=key, ticket=ticket, compose=compose)


def _work_order(ticket: Ticket, work_order: WorkOrder, *, note: str = "") -> None:
    """The work-order e-mail with the contractor's signed link."""
    contractor = work_order.contractor
    link = absolute(reverse("contractor:work_order", args=[make_token(work_order)]))

    def compose() -> tuple[str, list[str]]:
        lines = [
            _("wir beauftragen Sie mit folgender Arbeit:"),
            what(ticket),
            ticket.description,
            *[f"{row.label}: {row.value}" for row in answer_rows(ticket, audience=Audience.WORKER)],
            _(
                "Bitte bestätigen oder lehnen Sie den Auftrag über den folgenden Link ab. Dort schlagen Sie "
                "auch einen Termin vor und melden Beginn und Erledigung. Der Link gilt 30 Tage."
            ),
        ]
        if note:
            lines.insert(-1, note)
        return _("Auftrag: %(what)s") % {"what": ticket.item.label}, lines

    tell(
        Recipient(address=contractor.email, name=contractor.name),
        kind="work_order",
        key=str(work_order.pk),
        ticket=ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Auftrag öffnen"),
    )


def _caretaker_job(ticket: Ticket, work_order: WorkOrder, *, note: str = "") -> None:
    """The caretaker's job mail, in their language, with the link to the job in the portal (they sign in
    there as residents; the link carries no key)."""
    link = absolute(reverse("portal:job", args=[ticket.reference]))

    def compose() -> tuple[str, list[str]]:
        lines = [
            _("Sie haben einen neuen Auftrag:"),
            what(ticket),
            ticket.description,
            *[f"{row.label}: {row.value}" for row in answer_rows(ticket, audience=Audience.WORKER)],
        ]
        if note:
            lines.append(note)
        lines.append(
            _(
                "Im Mieterportal unter „Meine Aufträge“ nehmen Sie den Auftrag an, schlagen einen Termin "
                "vor und melden Beginn und Erledigung."
            )
        )
        return _("Neuer Auftrag: %(what)s") % {"what": ticket.item.label}, lines

    tell(
        for_party(work_order.caretaker),
        kind="caretaker_job",
        key=str(work_order.pk),
        ticket=ticket,
        compose=compose,
        link=link,
        link_label=lambda: _("Auftrag öffnen"),
    )


def _overdue_compose(ticket: Ticket):
    return lambda: (
        _("Überfällig: %(what)s") % {"what": ticket.item.label},
        [
            _("Diese Meldung ist seit %(due)s überfällig.")
            % {"due": timezone.localtime(ticket.due_at).strftime("%d.%m.%Y %H:%M")},
            what(ticket),
        ],
    )


def escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """The team lead hears of tickets still overdue a day after the assignee was warned; once per due time."""
    now = now or timezone.now()
    tickets = (
        Ticket.objects.filter(is_overdue=True, status__in=Status.active(), team__lead__isnull=False)
        .filter(events__kind=TicketEvent.Kind.OVERDUE, events__created_at__lte=now - ESCALATE_AFTER)
        .select_related("team__lead", "item", "property", "unit__building")
        .distinct()
    )
    sent = 0
    for ticket in tickets.iterator(chunk_size=200):
        if tell(
            for_staff(ticket.team.lead),
            kind="overdue_lead",
            key=f"{ticket.pk}:{ticket.due_at:%Y%m%d%H%M}",
            ticket=ticket,
            compose=_overdue_compose(ticket),
        ):
            sent += 1
    return sent
