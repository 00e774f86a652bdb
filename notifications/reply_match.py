"""Which ticket an incoming mail is about, who wrote it, and whether it may join that ticket. A reference
in the subject and a From header are things anyone can type; a mail joins its ticket only when its sender
is a party of the ticket and the mail proves it answers us (our signed reply token or one of our own
Message-IDs, sent to that address) or the receiving mail server vouches for the sender's domain."""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from estate.models import Contractor, Party
from tickets.actors import Actor
from tickets.models import AffectedParty, Message, Ticket

from . import emails, mime
from .models import InboundMail, OutboxMessage

REFERENCE = re.compile(r"\[(\d{4}-\d{6})\]")
THREAD_ROOT = re.compile(r"<ticket-(\d{4}-\d{6})@")
MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")


@dataclass(frozen=True)
class Claim:
    """The ticket a mail names, and whether it carries proof that it answers mail we sent its sender."""

    ticket: Ticket | None
    proven: bool = False


@dataclass(frozen=True)
class Writer:
    """Who a sender is for one ticket. `public` says whether what they write is seen by the tenant."""

    actor: Actor | None
    kind: str = Message.Kind.EMAIL_IN
    public: bool = True

    @property
    def known(self) -> bool:
        return self.actor is not None


@dataclass(frozen=True)
class Decision:
    ticket: Ticket | None
    writer: Writer
    hold: str = InboundMail.Hold.NONE

    @property
    def joins(self) -> bool:
        return self.ticket is not None and not self.hold


def sent_with_message_id(message_ids: list[str]):
    """Our outgoing mail by Message-ID: a JSON key lookup, which SQLite can do (a JSON `contains` it cannot,
    and it fails on a text comparison of the key, `KT(...)`, too)."""
    return OutboxMessage.objects.filter(**{"headers__Message-ID__in": message_ids})


def claim(parsed: mime.ParsedMail) -> Claim:
    for address in parsed.recipients:
        token = emails.reply_token_read(address)
        ticket = Ticket.objects.filter(pk=token.ticket_id).first() if token else None
        if ticket is not None:
            return Claim(ticket, proven=token.names(parsed.sender))
    thread = f"{parsed.in_reply_to} {parsed.references}"
    # Newest first: the mail directly answered is the best guide to the ticket.
    ids = list(reversed(MESSAGE_ID.findall(thread)[-10:]))
    if ids:
        sent = list(sent_with_message_id(ids).filter(ticket__isnull=False).select_related("ticket"))
        sent.sort(key=lambda row: ids.index(row.message_id))
        for row in sent:
            if row.recipient_address.lower() == parsed.sender:
                return Claim(row.ticket, proven=True)
        if sent:
            return Claim(sent[0].ticket)
    match = REFERENCE.search(parsed.subject) or THREAD_ROOT.search(thread)
    if match:
        ticket = Ticket.objects.filter(reference=match.group(1)).first()
        if ticket is not None:
            return Claim(ticket)
    if ids:
        earlier = Message.objects.filter(email_message_id__in=ids).select_related("ticket").first()
        if earlier is not None:
            return Claim(earlier.ticket)
    return Claim(None)


def writer(address: str, ticket: Ticket) -> Writer:
    """Staff and contractors write internal notes by default; the ticket's reporter and the residents
    following it write what the tenant sees; anyone else is unknown to this ticket."""
    if not address:
        return Writer(None)
    user = get_user_model().objects.filter(email__iexact=address, is_staff=True, is_active=True).first()
    if user is not None:
        return Writer(Actor.for_user(user), kind=Message.Kind.INTERNAL, public=False)
    contractor = Contractor.objects.filter(Q(email__iexact=address) | Q(contacts__email__iexact=address))
    contractor = contractor.first()
    if contractor is not None:
        return Writer(Actor.for_contractor(contractor), kind=Message.Kind.CONTRACTOR, public=False)
    party = Party.objects.filter(email__iexact=address).filter(
        Q(pk=ticket.reporter_id) | Q(pk__in=AffectedParty.objects.filter(ticket=ticket).values("party"))
    )
    party = party.select_related("user").first()
    return Writer(Actor.for_party(party)) if party is not None else Writer(None)


def decide(parsed: mime.ParsedMail) -> Decision:
    found = claim(parsed)
    if found.ticket is None:
        return Decision(None, Writer(None))
    who = writer(parsed.sender, found.ticket)
    if not who.known:
        return Decision(found.ticket, who, hold=InboundMail.Hold.UNKNOWN_SENDER)
    if not (found.proven or parsed.authentication.vouches_for(parsed.sender)):
        return Decision(found.ticket, who, hold=InboundMail.Hold.UNCONFIRMED_SENDER)
    return Decision(found.ticket, who)
