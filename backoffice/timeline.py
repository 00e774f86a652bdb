"""The ticket's timeline as the back-office shows it: events and messages in order, in German words."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tickets.event_text import describe
from tickets.models import Attachment, Message, Ticket, TicketEvent


@dataclass
class Entry:
    id: int
    when: dt.datetime
    who: str
    title: str
    lines: list[str] = field(default_factory=list)
    message: Message | None = None
    is_public: bool = False
    attachment: Attachment | None = None
    # A "linked with another ticket" row names that ticket: the related-tickets panel reads it from here.
    linked_ticket_id: int | None = None


def timeline(ticket: Ticket) -> list[Entry]:
    """Three queries whatever the length: the events, and the messages and files they point to."""
    messages = {m.pk: m for m in ticket.messages.select_related("author")}
    files = {a.pk: a for a in ticket.attachments.only("pk", "original_name", "content_type", "size")}
    entries, shown = [], set()
    for event in ticket.events.select_related("actor"):
        who = str(event.actor) if event.actor else event.actor_label or _("System")
        message = (
            messages.get(event.data.get("message_id")) if event.kind == TicketEvent.Kind.MESSAGE else None
        )
        if message is not None:
            shown.add(message.pk)
            title = message.get_kind_display()
            entries.append(Entry(event.pk, event.created_at, who, title, [], message, message.is_public))
            continue
        attachment = (
            files.get(event.data.get("attachment_id")) if event.kind == TicketEvent.Kind.ATTACHMENT else None
        )
        title, lines = describe(event, for_staff=True)
        linked = event.data.get("linked_ticket_id") if event.kind == TicketEvent.Kind.LINKED else None
        entries.append(
            Entry(
                event.pk,
                event.created_at,
                who,
                title,
                lines,
                None,
                event.is_public,
                attachment,
                linked if isinstance(linked, int) else None,
            )
        )
    # Messages stored without a timeline row (imports, older data) still belong in the history.
    for message in messages.values():
        if message.pk not in shown:
            who = str(message.author) if message.author else message.author_label
            entries.append(
                Entry(0, message.created_at, who, message.get_kind_display(), [], message, message.is_public)
            )
    entries.sort(key=lambda e: e.when)
    return entries
