"""Who receives a message and how it is written to the outbox: a recipient in their language and channel
(e-mail, or a letter for those who prefer post), and `tell`, which renders and enqueues in one step."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tickets.models import Ticket

from . import emails
from .models import OutboxMessage
from .services import outbox_enqueue


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
    frame: Callable[[], dict] | None = None,
    message=None,
) -> OutboxMessage | None:
    """Render `compose()` (subject, paragraphs) in the recipient's language and write it to the outbox.
    `frame()` may replace the house greeting and closing (and add a signature or footer); `message` is
    the ticket message whose files go with the e-mail."""
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
            **(frame() if frame else {}),
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
        message=message,
    )


def what(ticket: Ticket) -> str:
    """The one line that names a ticket in every message: the item and the place."""
    return f"{ticket.item.label} – {ticket.place_display}"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
