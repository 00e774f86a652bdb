"""Who is told what. Each function is called by the ticket workflow inside its transaction and writes
outbox rows; delivery happens after commit. Wording is translated in the recipient's language."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import emails
from .models import OutboxMessage
from .services import outbox_enqueue

ESCALATE_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str = "de"
    name: str = ""
    party: object | None = None
    channel: str = OutboxMessage.Channel.EMAIL
    digest: bool = False

    @property
    def key(self) -> str:
        return f"p{self.party.pk}" if self.party is not None else self.address.lower()


def for_party(party) -> Recipient | None:
    channel = OutboxMessage.Channel.LETTER if party.wants_letters else OutboxMessage.Channel.EMAIL
    address = party.email if channel == OutboxMessage.Channel.EMAIL else ""
    return Recipient(
        address=address, language=party.language, name=party.display_name, party=party, channel=channel
    )


def for_reporter(ticket) -> Recipient | None:
    if ticket.reporter_id:
        return for_party(ticket.reporter)
    if ticket.reporter_email:
        return Recipient(address=ticket.reporter_email, name=ticket.reporter_name)
    return None


def for_staff(user) -> Recipient | None:
    if user is None or not user.email or not user.is_active:
        return None
    return Recipient(
        address=user.email, language=user.language or "de", name=str(user), digest=user.wants_digest
    )


def tell(
    recipient: Recipient | None,
    *,
    kind: str,
    key: str,
    ticket,
    compose: Callable[[], tuple[str, list[str]]],
    link: str = "",
    link_label: Callable[[], str] | None = None,
) -> OutboxMessage | None:
    """Render `compose()` (subject, paragraphs) in the recipient's language and write it to the outbox."""
    if recipient is None:
        return None
    with translation.override(recipient.language):
        subject, lines = compose()
        context = {
            "ticket": ticket,
            "lines": lines,
            "greeting": _("Guten Tag %(name)s,") % {"name": recipient.name}
            if recipient.name
            else _("Guten Tag,"),
            "closing": _("Mit freundlichen Grüßen"),
            "ticket_label": _("Vorgangsnummer"),
            "link": link,
            "link_label": link_label() if link_label else "",
        }
        rendered = emails.render(template=kind, language=recipient.language, subject=subject, context=context)
    return outbox_enqueue(
        idempotency_key=f"{kind}:{key}:{recipient.key}"[:200],
        kind=kind,
        rendered=rendered,
        channel=recipient.channel,
        recipient_address=recipient.address,
        recipient_party=recipient.party,
        language=recipient.language,
        headers=emails.thread_headers(ticket),
        ticket=ticket,
        hold_for_digest=recipient.digest,
    )


def _what(ticket) -> str:
    return f"{ticket.item.label} – {ticket.place_display}"


def ticket_created(ticket) -> None:
    """Confirmation to the reporter, notice to the assignee."""
    tell(
        for_reporter(ticket),
        kind="ticket_created",
        key=str(ticket.pk),
        ticket=ticket,
        compose=lambda: (
            _("Ihre Meldung ist bei uns eingegangen"),
            [
                _("vielen Dank für Ihre Meldung. Wir haben sie unter der unten genannten Nummer erfasst."),
                _what(ticket),
                _("Bitte geben Sie die Nummer bei Rückfragen an. Sie können auf diese E-Mail antworten."),
            ],
        ),
    )
    if ticket.assignee_id:
        ticket_assigned(ticket, key=f"created:{ticket.pk}")


def ticket_assigned(ticket, *, key: str) -> None:
    tell(
        for_staff(ticket.assignee),
        kind="ticket_assigned",
        key=key,
        ticket=ticket,
        compose=lambda: (
            _("Neue Meldung für Sie: %(what)s") % {"what": ticket.item.label},
            [_("Ihnen wurde eine Meldung zugewiesen."), _what(ticket), ticket.description],
        ),
    )


def status_changed(ticket, *, event) -> None:
    """The reporter (if they follow it) and everyone who said "affects me too" hear about a new status."""
    recipients = [for_reporter(ticket)] if ticket.tracking_enabled else []
    followers = ticket.affected.filter(notify=True).select_related("party")
    recipients += [for_party(a.party) for a in followers if a.party_id != ticket.reporter_id]

    def compose() -> tuple[str, list[str]]:
        lines = [
            _("der Stand Ihrer Meldung hat sich geändert: %(status)s")
            % {"status": ticket.get_status_display()}
        ]
        if ticket.status_reason:
            lines.append(_("Begründung: %(reason)s") % {"reason": ticket.status_reason})
        lines.append(_what(ticket))
        return _("Neuer Stand: %(status)s") % {"status": ticket.get_status_display()}, lines

    for recipient in recipients:
        tell(recipient, kind="status_changed", key=str(event.pk), ticket=ticket, compose=compose)


def public_reply(ticket, *, message) -> None:
    tell(
        for_reporter(ticket),
        kind="public_reply",
        key=str(message.pk),
        ticket=ticket,
        compose=lambda: (_("Antwort zu Ihrer Meldung"), [message.body]),
    )


def tenant_reply(ticket, *, message) -> None:
    tell(
        for_staff(ticket.assignee),
        kind="tenant_reply",
        key=str(message.pk),
        ticket=ticket,
        compose=lambda: (
            _("Neue Nachricht von %(name)s") % {"name": message.author_label or ticket.reporter_display},
            [message.body],
        ),
    )


def _overdue_compose(ticket):
    return lambda: (
        _("Überfällig: %(what)s") % {"what": ticket.item.label},
        [
            _("Diese Meldung ist seit %(due)s überfällig.")
            % {"due": timezone.localtime(ticket.due_at).strftime("%d.%m.%Y %H:%M")},
            _what(ticket),
        ],
    )


def ticket_overdue(ticket) -> None:
    """The assignee first; where nobody is assigned, the team lead at once."""
    recipient = for_staff(ticket.assignee) or (for_staff(ticket.team.lead) if ticket.team_id else None)
    tell(
        recipient,
        kind="overdue",
        key=f"{ticket.pk}:{ticket.due_at:%Y%m%d%H%M}",
        ticket=ticket,
        compose=_overdue_compose(ticket),
    )


def escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """The team lead hears of tickets still overdue a day after the assignee was warned; once per due time."""
    from tickets.models import Ticket, TicketEvent
    from tickets.status import Status

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


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def tickets_overdue(*, ticket_ids: list[int]) -> None:
    from tickets.models import Ticket

    tickets = Ticket.objects.filter(pk__in=ticket_ids).select_related(
        "assignee", "team__lead", "item", "property", "unit__building"
    )
    for ticket in tickets:
        ticket_overdue(ticket)


def change_request_decided(change_request) -> None:
    """The tenant hears whether their data change (bank account, name, contract) was made or why not."""
    kind = change_request.get_kind_display()

    def compose() -> tuple[str, list[str]]:
        if change_request.state == "approved":
            return _("Ihre Änderung ist übernommen: %(kind)s") % {"kind": kind}, [
                _("wir haben Ihren Antrag geprüft und die Änderung in unseren Unterlagen übernommen.")
            ]
        return _("Ihr Änderungsantrag: %(kind)s") % {"kind": kind}, [
            _("wir konnten Ihren Antrag leider nicht übernehmen."),
            _("Begründung: %(reason)s") % {"reason": change_request.reason},
            _("Bei Fragen erreichen Sie uns gern telefonisch oder per E-Mail."),
        ]

    tell(
        for_party(change_request.party),
        kind="change_request_decided",
        key=str(change_request.pk),
        ticket=change_request.ticket,
        compose=compose,
    )
