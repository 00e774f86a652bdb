"""Incoming e-mail is stored before it is understood: the bytes as they arrived go into a row staff can see
(`inbound_store`), and only then is the mail read (`inbound_read`). A reply joins its ticket when
`reply_match` says its sender may write there; anything else waits in the mailbox for staff, and a mail
nobody can read waits there as raw mail to download. Automatic mail, delivery reports, our own mail and
a mail seen before (same Message-ID, same content) are dropped, so an out-of-office answer cannot start a
mail loop. Both ways in (the provider's webhook and IMAP polling) end in `inbound_receive_raw`."""

import email
import hashlib
import logging
import re
from email import policy
from email.message import EmailMessage

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from estate.models import Party
from tickets import workflow
from tickets.actors import Actor
from tickets.attachments import attachment_store
from tickets.models import Message, Ticket, TicketEvent
from tickets.services import message_add
from tickets.uploads import UploadRefused, clean_image

from . import mime, reply_match
from .models import InboundMail
from .reply_match import Writer

log = logging.getLogger(__name__)

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
PREVIEW_BYTES = 100_000
# Saved by name: saving the whole row would write the raw mail again.
READ_FIELDS = [
    "message_id",
    "content_hash",
    "from_address",
    "subject",
    "spf",
    "dkim",
    "authentication",
    "state",
]


def our_addresses() -> set[str]:
    return {
        mime.clean_address(settings.DEFAULT_FROM_EMAIL),
        mime.clean_address(settings.SERVER_EMAIL),
        settings.COMPANY["email"].lower(),
    } - {""}


def inbound_receive_raw(
    *, raw: bytes, trace: list[tuple[str, str]] | None = None
) -> Message | InboundMail | None:
    """Store one mail as it arrived, then read it. `trace` is what the provider reports about the sender
    (Received-SPF, Authentication-Results) where it does so beside the mail. Returns the ticket message
    or mailbox row, or None for mail that needs nothing more (dropped, or these very bytes seen before)."""
    mail = inbound_store(raw=raw, trace=trace or [])
    return inbound_read(mail=mail) if mail is not None else None


def inbound_receive(*, message: EmailMessage, raw: bytes | None = None) -> Message | InboundMail | None:
    """A mail handed over already parsed (anymail's inbound signal, tests): stored from its bytes."""
    return inbound_receive_raw(raw=raw if raw is not None else message_bytes(message))


@transaction.atomic
def inbound_store(*, raw: bytes, trace: list[tuple[str, str]]) -> InboundMail | None:
    """The first step, which must not fail on any content: keep the bytes in a row the mailbox shows.
    The same bytes again (the webhook retried, IMAP fetched a mail the webhook brought) are one row."""
    raw_hash = hashlib.sha256(raw).hexdigest()
    _lock(raw_hash)
    earlier = InboundMail.objects.filter(raw_hash=raw_hash).defer("raw").first()
    if earlier is not None:
        # Read again only when reading it never finished.
        return earlier if earlier.state == InboundMail.State.RECEIVED else None
    return InboundMail.objects.create(
        raw=raw,
        raw_hash=raw_hash,
        body_text=mime.clean_text(raw[:PREVIEW_BYTES].decode("utf-8", "replace")),
        authentication="\n".join(f"{mime.clean_line(n)}: {mime.clean_line(v)}" for n, v in trace),
    )


def inbound_read(*, mail: InboundMail) -> Message | InboundMail | None:
    """The second step: read the stored mail and place it. Whatever goes wrong, the row stays for staff."""
    try:
        message = mime.parse_bytes(bytes(mail.raw))
        parsed = mime.parse(message)
        given = [tuple(line.split(": ", 1)) for line in mail.authentication.splitlines() if ": " in line]
        parsed.authentication = mime.authentication(given or mime.trace_headers(message))
    except Exception:
        log.exception("Incoming mail %s could not be read; staff see it as raw mail", mail.pk)
        return _unreadable(mail)
    try:
        return _place(mail=mail, parsed=parsed)
    except Exception:
        log.exception(
            "Incoming mail %s (%s) could not be placed; staff see it as raw mail", mail.pk, mail.raw_hash
        )
        return _unreadable(mail)


@transaction.atomic
def _place(*, mail: InboundMail, parsed: mime.ParsedMail) -> Message | InboundMail | None:
    if parsed.is_bounce:
        _bounce(parsed)
        return _drop(mail, "Delivery report")
    if parsed.is_automatic:
        return _drop(mail, "Automatic mail")
    if parsed.sender in our_addresses():
        return _drop(mail, "Mail from our own address (no loop)")
    _lock(parsed.message_id)
    if _seen_before(mail, parsed):
        return _drop(mail, "Mail seen before")
    auth = parsed.authentication
    mail.message_id = parsed.message_id
    mail.content_hash = parsed.content_hash
    mail.from_address = parsed.sender[:254]
    mail.subject = parsed.subject[:300]
    mail.spf, mail.dkim, mail.authentication = auth.spf, auth.dkim, auth.text
    mail.state = InboundMail.State.READ
    decision = reply_match.decide(parsed)
    if decision.joins:
        reply = _add_to_ticket(ticket=decision.ticket, writer=decision.writer, parsed=parsed)
        mail.ticket, mail.body_text = decision.ticket, reply.body
        mail.save(update_fields=[*READ_FIELDS, "ticket", "body_text"])
        return reply
    mail.refers_to, mail.hold = decision.ticket, decision.hold
    mail.party = Party.objects.filter(email__iexact=parsed.sender).first() if parsed.sender else None
    notes = [f"{part.filename} ({_size(part.data)})" for part in parsed.attachments]
    mail.body_text = parsed.text or parsed.subject
    if notes:
        mail.body_text += "\n\n[Anhänge in der Original-E-Mail: " + ", ".join(notes) + "]"
    mail.save(update_fields=[*READ_FIELDS, "refers_to", "hold", "party", "body_text"])
    return mail


def _seen_before(mail: InboundMail, parsed: mime.ParsedMail) -> bool:
    """Same Message-ID and same content. Rows from before contents were compared have no hash and count
    as the same; so do replies that joined a ticket before every mail kept a row."""
    earlier = InboundMail.objects.filter(message_id=parsed.message_id).exclude(pk=mail.pk)
    if earlier.filter(state=InboundMail.State.READ, content_hash__in=[parsed.content_hash, ""]).exists():
        return True
    threaded = Message.objects.filter(email_message_id=parsed.message_id).exists()
    return threaded and not earlier.exists()


def _drop(mail: InboundMail, why: str) -> None:
    log.info("%s dropped: inbound mail %s", why, mail.pk)
    mail.delete()
    return None


def _lock(key: str) -> None:
    if connection.vendor == "postgresql":
        # The webhook and the IMAP poll may hand in the same mail at the same moment.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _unreadable(mail: InboundMail) -> InboundMail:
    """Keep what a lenient look at the headers gives, so staff can tell the mail apart from others."""
    raw = bytes(mail.raw)
    try:
        # compat32 takes header values as they are, without the parsing that failed.
        headers = email.message_from_bytes(
            re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0], policy=policy.compat32
        )
        sender, subject = str(headers.get("From", "")), str(headers.get("Subject", ""))
        message_id = str(headers.get("Message-ID", ""))
    except Exception:
        log.warning("Headers of inbound mail %s unreadable too", mail.pk, exc_info=True)
        sender = subject = message_id = ""
    mail.state = InboundMail.State.UNREADABLE
    mail.message_id = mime.clean_line(message_id)[:255]
    mail.from_address = mime.clean_address(sender)[:254]
    mail.subject = mime.clean_line(subject)[:300]
    mail.body_text = mime.clean_text(raw[:PREVIEW_BYTES].decode("utf-8", "replace"))
    mail.save(update_fields=["state", "message_id", "from_address", "subject", "body_text"])
    return mail


def message_bytes(message: EmailMessage) -> bytes:
    """The mail as bytes, however broken: the first way of writing it out that works."""
    for render in (
        lambda: message.as_bytes(),
        lambda: message.as_bytes(policy=policy.compat32),
        lambda: message.as_string(policy=policy.compat32).encode("utf-8", "surrogateescape"),
    ):
        try:
            return render()
        except Exception:  # noqa: PERF203 - each way of writing the mail out may fail on other content
            log.warning("Incoming mail could not be written out this way; trying the next", exc_info=True)
    return str(message).encode("utf-8", "replace")


def _bounce(parsed: mime.ParsedMail) -> None:
    from .webhooks import party_mark_bounced

    recipients = set(parsed.failed_recipients)
    if parsed.bounced_message_id:
        sent = reply_match.sent_with_message_id([parsed.bounced_message_id]).first()
        if sent is not None and sent.recipient_address:
            recipients.add(sent.recipient_address.lower())
    if not recipients:
        log.info("Delivery report without a recipient we can find: %s", parsed.subject)
    for address in recipients:
        party_mark_bounced(address=address, event_type="bounced")


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


def _add_to_ticket(*, ticket: Ticket, writer: Writer, parsed: mime.ParsedMail) -> Message:
    refused = _refused(parsed.attachments)
    body = parsed.text or parsed.subject or "(ohne Text)"
    if refused:
        body += "\n\n" + "\n".join(refused)
    reply = message_add(ticket=ticket, actor=writer.actor, kind=writer.kind, body=body)
    reply.email_message_id = parsed.message_id
    reply.save(update_fields=["email_message_id"])
    for part in parsed.attachments:
        if _fits(part):
            _attach(ticket=ticket, message=reply, writer=writer, part=part)
    return reply


def _attach(*, ticket: Ticket, message: Message, writer: Writer, part: mime.Part) -> None:
    """Store under a name of our own: the sender's name for the file is only shown, never used as a path.
    What staff and contractors send stays internal, like their message."""
    shown = part.filename or "anhang"
    content, thumbnail, content_type = part.data, b"", part.content_type
    if content_type != "application/pdf":
        try:
            image = clean_image(SimpleUploadedFile("foto", part.data, content_type))
        except UploadRefused as refusal:
            log.info("Image from incoming mail %s refused: %s", message.email_message_id, refusal.message)
            message.body += f"\n\n[„{shown}“: {refusal.message}]"
            message.save(update_fields=["body"])
            return
        content, thumbnail, content_type = image.content, image.thumbnail, image.content_type
    extension = "pdf" if content_type == "application/pdf" else "jpg"
    if not shown.lower().endswith(f".{extension}"):
        shown = f"{shown.rsplit('.', 1)[0] if '.' in shown else shown}.{extension}"
    attachment_store(
        ticket=ticket,
        message=message,
        content=content,
        thumbnail=thumbnail,
        name=shown,
        content_type=content_type,
        actor=writer.actor,
        is_public=writer.public,
    )


@transaction.atomic
def inbound_mail_file(*, mail: InboundMail, ticket: Ticket, actor: Actor, as_message: bool = True) -> None:
    """A case worker files a waiting mail into a ticket: as an incoming e-mail on an existing ticket, or
    (as_message=False) as the origin of a ticket just created from it, whose description it already is.
    Mail from staff and contractors goes in as an internal note, as when it threads by itself."""
    if as_message:
        writer = reply_match.writer(mail.from_address, ticket)
        if writer.public:
            sender = Actor.for_party(mail.party) if mail.party_id else Actor(kind="system")
            writer = Writer(sender)
        reply = message_add(
            ticket=ticket,
            actor=writer.actor,
            kind=writer.kind,
            body=mail.body_text or mail.subject or "(ohne Text)",
        )
        reply.email_message_id = mail.message_id
        if writer.public and not mail.party_id:
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
