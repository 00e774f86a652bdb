"""Mail a case worker writes in the shared mailbox: a new mail, a reply to a mail that came in, a forward
of a ticket message. It leaves through the outbox like every other message, framed like a reply (one
greeting, one closing, the writer's signature and footer), and threads back in by its Message-ID and, on
a ticket, the signed reply address."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from estate.models import Party
from estate.salutations import salutation_for
from tickets import textblocks, workflow
from tickets.actors import Actor
from tickets.models import Message, Ticket, TicketEvent
from tickets.replies import reply_add
from tickets.workspace import StandardAttachment, TextBlock

from . import emails, reply_frame
from .models import InboundMail, MailRead, OutboxMessage
from .services import outbox_enqueue


@dataclass(frozen=True)
class Draft:
    """What the compose form gives: to whom, about what, and what goes with it."""

    address: str
    subject: str
    body: str
    party: Party | None = None
    ticket: Ticket | None = None
    answers: InboundMail | None = None
    forwards: Message | None = None
    standard_attachments: tuple[StandardAttachment, ...] = ()


def text_block_fill(block: TextBlock, *, user: User, ticket: Ticket | None, party: Party | None) -> str:
    """A text block for a mail: filled for the ticket where there is one, else for the person written to."""
    if ticket is not None:
        return textblocks.render_text_block(block, ticket, user)
    language = (party.language if party is not None and party.language else "de")[:2]
    if not getattr(block, f"body_{language}", ""):
        language = "de"
    with translation.override(language):
        salutation = (
            salutation_for(party).rstrip(",") if party is not None else _("Sehr geehrte Damen und Herren")
        )
    values = {
        "tenant_name": party.display_name if party is not None else "",
        "salutation": salutation,
        "staff_name": user.get_full_name() or user.get_username(),
    }
    # Placeholders that need a ticket (reference, property, unit) stay visible for the writer to fix.
    return textblocks._fill(block.body_for(language), values).rstrip()


def _frame(*, user: User, body: str, ticket: Ticket | None, party: Party | None, language: str) -> dict:
    """The reply frame (notifications.reply_frame): the house greeting and closing only where the text
    has none, and the writer's signature and footer always."""
    with translation.override(language):
        name = party.display_name if party is not None else ""
        frame = {
            "greeting": _("Guten Tag %(name)s,") % {"name": name} if name else _("Guten Tag,"),
            "closing": _("Mit freundlichen Grüßen"),
            "ticket_label": _("Vorgangsnummer"),
            "signature": reply_frame.signature_of(user, body),
            "footer": reply_frame.footer_for(user, ticket.team if ticket is not None else None),
        }
    if reply_frame.has_greeting(body):
        frame["greeting"] = ""
    if reply_frame.has_closing(body) or reply_frame.has_closing(frame["signature"]):
        frame["closing"] = ""
    return frame


def _thread(draft: Draft) -> dict[str, str]:
    headers = emails.thread_headers(draft.ticket)
    if draft.answers is not None and draft.answers.message_id:
        # The answer sits under the mail it answers in the writer's and the recipient's mail program.
        headers["In-Reply-To"] = draft.answers.message_id
        headers["References"] = " ".join(filter(None, [headers.get("References"), draft.answers.message_id]))
    return headers


@transaction.atomic
def mail_send(*, draft: Draft, user: User, key: str = "") -> OutboxMessage:
    """Write the mail to the outbox in one transaction. To a person of our master data about a chosen
    ticket it is also an EMAIL_OUT message on that ticket (its standard files copied there, where the
    tenant finds them too); a forward of a ticket message is an internal row on the ticket's timeline;
    anything else is kept as a sent item of the mailbox. `key` (the form's send key) makes a second
    submit of the same form send nothing more."""
    actor = Actor.for_user(user)
    key = f"mailbox:{key or uuid.uuid4()}"
    existing = OutboxMessage.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    language = draft.party.language if draft.party is not None and draft.party.language else "de"
    message = None
    if draft.forwards is not None:
        message = draft.forwards
        workflow.record(
            draft.forwards.ticket,
            kind=TicketEvent.Kind.EMAIL_OUT,
            actor=actor,
            is_public=False,
            address=draft.address,
            subject=draft.subject,
        )
    elif draft.ticket is not None and draft.party is not None:
        message = reply_add(
            ticket=draft.ticket,
            actor=actor,
            kind=Message.Kind.EMAIL_OUT,
            body=draft.body,
            standard_attachments=draft.standard_attachments,
        )
    ticket = draft.ticket or (draft.forwards.ticket if draft.forwards is not None else None)
    frame = _frame(user=user, body=draft.body, ticket=ticket, party=draft.party, language=language)
    rendered = emails.render(
        template="public_reply",
        language=language,
        subject=draft.subject,
        context={"ticket": ticket, "lines": [draft.body], **frame},
    )
    headers = _thread(draft)
    sent = outbox_enqueue(
        idempotency_key=key,
        kind="mailbox_mail",
        rendered=rendered,
        recipient_address=draft.address,
        recipient_party=draft.party,
        language=language,
        headers=headers,
        ticket=ticket,
        message=message,
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(written_by=user, answers=draft.answers)
    if message is None or message.kind != Message.Kind.EMAIL_OUT:
        # Files the ticket message does not carry go with the mail itself.
        sent.standard_attachments.set(draft.standard_attachments)
    if message is not None and message.kind == Message.Kind.EMAIL_OUT:
        message.email_message_id = headers["Message-ID"]
        message.save(update_fields=["email_message_id"])
    if draft.answers is not None:
        mail_mark_answered(mail=draft.answers, user=user)
    return sent


def mail_mark_read(*, mail: InboundMail, user: User) -> MailRead:
    """The first time someone opens a mail is kept; opening it again changes nothing."""
    read, _created = MailRead.objects.get_or_create(
        mail=mail, user=user, defaults={"read_at": timezone.now()}
    )
    return read


def mail_mark_answered(*, mail: InboundMail, user: User) -> None:
    now = timezone.now()
    read = mail_mark_read(mail=mail, user=user)
    MailRead.objects.filter(pk=read.pk, answered_at__isnull=True).update(answered_at=now)


def mail_move(*, mails: Iterable[InboundMail], folder) -> int:
    """Put mails into a folder (or back into the inbox with folder=None)."""
    return InboundMail.objects.filter(pk__in=[mail.pk for mail in mails]).update(folder=folder)
