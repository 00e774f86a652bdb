"""Incoming e-mail: a reply joins its ticket (by reference in the subject, or by In-Reply-To/References
pointing at one of our Message-IDs), anything else waits in the inbox for staff. Automatic mail is
dropped so an out-of-office reply never starts a conversation with itself."""

import re

from django.db import transaction

from estate.models import Party
from tickets.actors import Actor
from tickets.models import Message, Ticket
from tickets.services import message_add

from .models import InboundMail, OutboxMessage

REFERENCE = re.compile(r"\[(\d{4}-\d{6})\]")
THREAD_ROOT = re.compile(r"<ticket-(\d{4}-\d{6})@")


def is_automatic(message) -> bool:
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    sender = (message.from_email.addr_spec if message.from_email else "").lower()
    return (
        auto_submitted != "no"
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or precedence in {"bulk", "auto_reply", "junk", "list"}
        or sender.startswith(("mailer-daemon@", "postmaster@"))
        or (message.get_content_type() == "multipart/report")
    )


def find_ticket(message) -> Ticket | None:
    match = REFERENCE.search(message.subject or "")
    if match:
        return Ticket.objects.filter(reference=match.group(1)).first()
    thread = " ".join(filter(None, [message.get("In-Reply-To"), message.get("References")]))
    root = THREAD_ROOT.search(thread)
    if root:
        return Ticket.objects.filter(reference=root.group(1)).first()
    ids = re.findall(r"<[^>]+>", thread)
    if ids:
        sent = (
            OutboxMessage.objects.filter(headers__contains={"Message-ID": ids[-1]})
            .select_related("ticket")
            .first()
        )
        if sent is not None:
            return sent.ticket
    return None


@transaction.atomic
def inbound_receive(*, message) -> Message | InboundMail | None:
    """Store one incoming mail once (by its Message-ID), on its ticket or in the inbox."""
    message_id = (message.get("Message-ID") or "").strip()
    if is_automatic(message) or not message_id:
        return None
    if (
        Message.objects.filter(email_message_id=message_id).exists()
        or InboundMail.objects.filter(message_id=message_id).exists()
    ):
        return None
    sender = message.from_email.addr_spec if message.from_email else ""
    party = Party.objects.filter(email__iexact=sender).first() if sender else None
    ticket = find_ticket(message)
    body = (message.text or "").strip() or (message.subject or "")
    if ticket is None:
        return InboundMail.objects.create(
            message_id=message_id[:255],
            from_address=sender,
            subject=(message.subject or "")[:300],
            body_text=body,
            party=party,
        )
    actor = Actor.for_party(party) if party is not None else Actor(kind="system")
    reply = message_add(ticket=ticket, actor=actor, kind=Message.Kind.EMAIL_IN, body=body)
    reply.email_message_id = message_id[:255]
    reply.author_label = reply.author_label if party is not None else sender
    reply.save(update_fields=["email_message_id", "author_label"])
    return reply
