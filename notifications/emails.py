"""Rendering an e-mail in its recipient's language, and the headers that make replies thread."""

import hashlib
import re
import uuid
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.template.loader import select_template
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def mail_domain() -> str:
    """Our domain for Message-IDs, taken from the sender address so replies come back to us."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def new_message_id() -> str:
    return make_msgid(domain=mail_domain())


# Names the outbox's keys in the UUIDs below; fixed, so a row's Message-ID is the same on every attempt.
OUTBOX_NAMESPACE = uuid.UUID("6f1d9c52-3b7e-4c1a-9e55-0d8f2a7b4c31")


def delivery_headers(idempotency_key: str) -> dict[str, str]:
    """The headers that let a mail sent twice (a worker that died after sending and before marking it
    sent) be recognised as one: a Message-ID that every attempt of an outbox row shares, and where the
    provider honours one (MAIL_IDEMPOTENCY_HEADER, e.g. Resend's `Resend-Idempotency-Key` or Brevo's
    `idempotencyKey`) its key, so the provider itself drops the second copy."""
    key = uuid.uuid5(OUTBOX_NAMESPACE, idempotency_key)
    headers = {"Message-ID": f"<outbox-{key}@{mail_domain()}>"}
    if settings.MAIL_IDEMPOTENCY_HEADER:
        headers[settings.MAIL_IDEMPOTENCY_HEADER] = str(key)
    return headers


def thread_root_id(ticket) -> str:
    """The Message-ID every mail about a ticket replies to: derived from the reference, so it needs no
    storage and a mail client groups all of them into one conversation."""
    return f"<ticket-{ticket.reference}@{mail_domain()}>"


def thread_headers(ticket) -> dict[str, str]:
    headers = {"Message-ID": new_message_id()}
    if ticket is not None:
        root = thread_root_id(ticket)
        headers.update({"In-Reply-To": root, "References": root})
    return headers


# `service+<ticket id>-<recipient>-<signature>@domain`, lower-case hex because some mail servers fold the
# case of the local part, and short enough for its 64-character limit.
REPLY_TOKEN = re.compile(r"\+(\d{1,12})-([0-9a-f]{10})-([0-9a-f]{24})@", re.I)
REPLY_SALT = "notifications.reply-address"


@dataclass(frozen=True)
class ReplyToken:
    ticket_id: int
    recipient_key: str

    def names(self, address: str) -> bool:
        return constant_time_compare(self.recipient_key, _recipient_key(address))


def _recipient_key(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:10]


def _signature(ticket_id: int, recipient_key: str) -> str:
    return salted_hmac(REPLY_SALT, f"{ticket_id}-{recipient_key}", algorithm="sha256").hexdigest()[:24]


def reply_address(*, ticket_id: int, recipient: str) -> str:
    """Our address with a signed token naming the ticket and the recipient: a reply to it threads
    without anyone trusting the subject, and only for the person we wrote to."""
    local, _, domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].partition("@")
    key = _recipient_key(recipient)
    return f"{local}+{ticket_id}-{key}-{_signature(ticket_id, key)}@{domain}"


def reply_token_read(address: str) -> ReplyToken | None:
    """The token in one of our plus-addresses, if its signature is ours; else None."""
    found = REPLY_TOKEN.search(address)
    if found is None:
        return None
    ticket_id, key, signature = int(found.group(1)), found.group(2).lower(), found.group(3).lower()
    if not constant_time_compare(signature, _signature(ticket_id, key)):
        return None
    return ReplyToken(ticket_id=ticket_id, recipient_key=key)


def reply_headers(*, ticket_id: int | None, recipient: str) -> dict[str, str]:
    """The Reply-To an outgoing e-mail about a ticket carries (none for mail about no ticket)."""
    if not settings.INBOUND_REPLY_TOKENS or not ticket_id or not recipient:
        return {}
    if "@" not in settings.DEFAULT_FROM_EMAIL:
        return {}
    return {"Reply-To": reply_address(ticket_id=ticket_id, recipient=recipient)}


def render(*, template: str, language: str, subject: str, context: dict) -> Rendered:
    """Render text and HTML of `emails/<template>` (or the generic notice) in `language`. The caller
    translates `subject` and the context strings under the same language."""
    with translation.override(language):
        ctx = {"company": settings.COMPANY, "LANGUAGE_CODE": language, "subject": subject, **context}
        text = select_template([f"emails/{template}.txt", "emails/notice.txt"]).render(ctx)
        html = select_template([f"emails/{template}.html", "emails/notice.html"]).render(ctx)
    ticket = context.get("ticket")
    subject = " ".join(subject.split())
    if ticket is not None and f"[{ticket.reference}]" not in subject:
        subject = f"[{ticket.reference}] {subject}"
    return Rendered(subject=subject[:300], text=text.strip() + "\n", html=html)
