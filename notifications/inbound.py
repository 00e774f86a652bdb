"""Incoming e-mail: a reply joins its ticket (by reference in the subject, or by In-Reply-To/References
pointing at one of our Message-IDs), anything else waits in the inbox for staff. Automatic mail and
delivery reports never create a ticket or a reply, so an out-of-office answer cannot start a mail loop.

Both ways in (the provider's webhook and IMAP polling) end in `inbound_receive`, which stores a mail once
by its Message-ID. The raw mail is kept in storage under `raw_path(message_id)` so nothing it carried is
lost, even an attachment too large or of a kind the ticket does not take."""

import hashlib
import logging
import re
from email.message import EmailMessage
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from estate.models import Party
from tickets import workflow
from tickets.actors import Actor
from tickets.models import Attachment, Message, Ticket, TicketEvent
from tickets.services import message_add
from tickets.uploads import UploadRefused, attachments_add, clean_image

from . import mime
from .models import InboundMail, OutboxMessage

log = logging.getLogger(__name__)

REFERENCE = re.compile(r"\[(\d{4}-\d{6})\]")
THREAD_ROOT = re.compile(r"<ticket-(\d{4}-\d{6})@")
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def find_ticket(parsed: mime.ParsedMail) -> Ticket | None:
    match = REFERENCE.search(parsed.subject)
    if match:
        ticket = Ticket.objects.filter(reference=match.group(1)).first()
        if ticket is not None:
            return ticket
    thread = f"{parsed.in_reply_to} {parsed.references}"
    root = THREAD_ROOT.search(thread)
    if root:
        return Ticket.objects.filter(reference=root.group(1)).first()
    ids = re.findall(r"<[^>]+>", thread)
    # Newest first: the mail directly answered is the best guide to the ticket.
    for message_id in reversed(ids[-10:]):
        sent = OutboxMessage.objects.filter(
            headers__contains={"Message-ID": message_id}, ticket__isnull=False
        )
        sent = sent.select_related("ticket").first()
        if sent is not None:
            return sent.ticket
        earlier = Message.objects.filter(email_message_id=message_id).select_related("ticket").first()
        if earlier is not None:
            return earlier.ticket
    return None


def our_addresses() -> set[str]:
    return {
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
        parseaddr(settings.SERVER_EMAIL)[1].lower(),
        settings.COMPANY["email"].lower(),
    } - {""}


def raw_path(message_id: str) -> str:
    return f"inbound/{hashlib.sha256(message_id.encode()).hexdigest()}.eml"


def inbound_receive_raw(*, raw: bytes) -> Message | InboundMail | None:
    """The IMAP path: the same service as the webhook, from the bytes as the mail server keeps them."""
    return inbound_receive(message=mime.parse_bytes(raw), raw=raw)


@transaction.atomic
def inbound_receive(*, message: EmailMessage, raw: bytes | None = None) -> Message | InboundMail | None:
    """Store one incoming mail once (by its Message-ID), on its ticket or in the inbox. Returns None for
    mail that is not stored: automatic mail, delivery reports, our own mail, and a mail seen before."""
    try:
        parsed = mime.parse(message)
    except Exception:
        # Mail is whatever a sending program made of it; a mail we cannot read still reaches a person.
        log.exception("Incoming mail could not be parsed; kept in the inbox as raw text")
        parsed = _unreadable(message, raw)
    if parsed.is_bounce:
        _bounce(parsed)
        return None
    if parsed.is_automatic:
        log.info("Automatic mail from %s ignored: %s", parsed.sender, parsed.subject)
        return None
    if parsed.sender in our_addresses():
        log.info("Mail from our own address ignored (no loop): %s", parsed.subject)
        return None
    message_id = parsed.message_id[:255]
    if connection.vendor == "postgresql":
        # The webhook and the IMAP poll may hand in the same mail at the same moment.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [message_id])
    if (
        Message.objects.filter(email_message_id=message_id).exists()
        or InboundMail.objects.filter(message_id=message_id).exists()
    ):
        return None
    _keep_raw(message_id, raw if raw is not None else message.as_bytes())
    party = Party.objects.filter(email__iexact=parsed.sender).first() if parsed.sender else None
    ticket = find_ticket(parsed)
    if ticket is None:
        notes = [f"{part.filename} ({_size(part.data)})" for part in parsed.attachments]
        body = parsed.text or parsed.subject
        if notes:
            body += "\n\n[Anhänge in der Original-E-Mail: " + ", ".join(notes) + "]"
        return InboundMail.objects.create(
            message_id=message_id,
            from_address=parsed.sender[:254],
            subject=parsed.subject[:300],
            body_text=body,
            party=party,
        )
    actor = Actor.for_party(party) if party is not None else Actor(kind="system")
    refused = _refused(parsed.attachments)
    body = parsed.text or parsed.subject or "(ohne Text)"
    if refused:
        body += "\n\n" + "\n".join(refused)
    reply = message_add(ticket=ticket, actor=actor, kind=Message.Kind.EMAIL_IN, body=body)
    reply.email_message_id = message_id
    reply.author_label = reply.author_label if party is not None else parsed.sender[:200]
    reply.save(update_fields=["email_message_id", "author_label"])
    _attach(ticket=ticket, message=reply, actor=actor, parts=parsed.attachments)
    return reply


def _unreadable(message: EmailMessage, raw: bytes | None) -> mime.ParsedMail:
    data = raw if raw is not None else message.as_bytes(policy=message.policy.clone(linesep="\n"))
    digest = hashlib.sha256(data).hexdigest()[:40]
    return mime.ParsedMail(
        message_id=str(message.get("Message-ID", "") or f"<{digest}@inbound.invalid>").strip(),
        sender=parseaddr(str(message.get("From", "") or ""))[1].lower(),
        subject=" ".join(str(message.get("Subject", "") or "").split()),
        text=data.decode("utf-8", errors="replace")[:100_000],
    )


def _bounce(parsed: mime.ParsedMail) -> None:
    from .webhooks import party_mark_bounced

    recipients = set(parsed.failed_recipients)
    if parsed.bounced_message_id:
        sent = OutboxMessage.objects.filter(
            headers__contains={"Message-ID": parsed.bounced_message_id}
        ).first()
        if sent is not None and sent.recipient_address:
            recipients.add(sent.recipient_address.lower())
    if not recipients:
        log.info("Delivery report without a recipient we can find: %s", parsed.subject)
    for address in recipients:
        party_mark_bounced(address=address, event_type="bounced")


def _keep_raw(message_id: str, raw: bytes) -> None:
    path = raw_path(message_id)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(raw))


def _size(data: bytes) -> str:
    return (
        f"{len(data) / (1024 * 1024):.1f} MB" if len(data) >= 1024 * 1024 else f"{len(data) // 1024 + 1} KB"
    )


def _fits(part: mime.Part) -> bool:
    if len(part.data) > settings.UPLOAD_MAX_BYTES:
        return False
    return part.content_type in IMAGE_TYPES or (
        part.content_type == "application/pdf" and part.data.startswith(b"%PDF-")
    )


def _refused(parts: list[mime.Part]) -> list[str]:
    notes = []
    for part in parts:
        if len(part.data) > settings.UPLOAD_MAX_BYTES:
            notes.append(
                f"[Anhang „{part.filename}“ ({_size(part.data)}) ist zu groß und wurde nicht übernommen; "
                "er liegt in der Original-E-Mail.]"
            )
        elif not _fits(part):
            notes.append(
                f"[Anhang „{part.filename}“ ({part.content_type}) wurde nicht übernommen; "
                "er liegt in der Original-E-Mail.]"
            )
    return notes


def _attach(*, ticket: Ticket, message: Message, actor: Actor, parts: list[mime.Part]) -> None:
    images = []
    for part in parts:
        if not _fits(part):
            continue
        if part.content_type == "application/pdf":
            _attach_pdf(ticket=ticket, message=message, actor=actor, part=part)
            continue
        try:
            images.append(clean_image(SimpleUploadedFile(part.filename, part.data, part.content_type)))
        except UploadRefused as refusal:
            log.info("Image %s from incoming mail refused: %s", part.filename, refusal.message)
            message.body += f"\n\n[{refusal.message}]"
            message.save(update_fields=["body"])
    if images:
        attachments_add(ticket=ticket, images=images, actor=actor, message=message)


def _attach_pdf(*, ticket: Ticket, message: Message, actor: Actor, part: mime.Part) -> None:
    name = part.filename if part.filename.lower().endswith(".pdf") else f"{part.filename}.pdf"
    attachment = Attachment(
        ticket=ticket,
        message=message,
        original_name=name[:255],
        content_type="application/pdf",
        size=len(part.data),
        uploaded_by_label=actor.label[:200],
    )
    attachment.file.save(name[-100:], ContentFile(part.data), save=False)
    attachment.save()
    workflow.record(
        ticket, kind=TicketEvent.Kind.ATTACHMENT, actor=actor, is_public=True, attachment_id=attachment.pk
    )


@transaction.atomic
def inbound_mail_file(*, mail: InboundMail, ticket: Ticket, actor: Actor, as_message: bool = True) -> None:
    """A case worker files a waiting mail into a ticket: as an incoming e-mail on an existing ticket, or
    (as_message=False) as the origin of a ticket just created from it, whose description it already is."""
    if as_message:
        sender = Actor.for_party(mail.party) if mail.party_id else Actor(kind="system")
        reply = message_add(
            ticket=ticket,
            actor=sender,
            kind=Message.Kind.EMAIL_IN,
            body=mail.body_text or mail.subject or "(ohne Text)",
        )
        reply.email_message_id = mail.message_id
        if not mail.party_id:
            reply.author_label = mail.from_address[:200]
        reply.save(update_fields=["email_message_id", "author_label"])
    mail.ticket = ticket
    mail.filed_by = actor.user
    mail.save(update_fields=["ticket", "filed_by"])
    workflow.record(
        ticket, kind=TicketEvent.Kind.LINKED, actor=actor, inbound_mail=mail.pk, sender=mail.from_address
    )


@transaction.atomic
def inbound_mail_dismiss(*, mail: InboundMail, actor: Actor) -> None:
    """ "Keine Bearbeitung nötig": the mail leaves the mailbox without a ticket; who decided is kept
    (filed_by set, ticket empty) and logged."""
    mail.filed_by = actor.user
    mail.save(update_fields=["filed_by"])
    log.info("Inbound mail %s from %s dismissed by %s", mail.pk, mail.from_address, actor.label)
