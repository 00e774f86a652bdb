"""The ticket's timeline as the back-office shows it: events and messages in order, in German words."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from catalogs.models import Priority
from tickets.models import Attachment, Channel, Message, Ticket, TicketEvent
from tickets.status import Status


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


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


def _when(text) -> str:
    moment = parse_datetime(text) if isinstance(text, str) else None
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else "—"


def _describe(event: TicketEvent) -> tuple[str, list[str]]:
    data, kind = event.data or {}, event.kind
    lines: list[str] = []
    if kind == TicketEvent.Kind.CREATED:
        title = _("Gemeldet über %(channel)s") % {"channel": _label(Channel, data.get("channel"))}
        if data.get("assignee") or data.get("team"):
            lines.append(_("Zuständig: %(who)s") % {"who": data.get("assignee") or data.get("team")})
    elif kind == TicketEvent.Kind.STATUS:
        title = _("Status: %(old)s → %(new)s") % {
            "old": _label(Status, data.get("old")),
            "new": _label(Status, data.get("new")),
        }
        if data.get("released_to"):
            lines.append(_("Freigegeben an: %(to)s") % {"to": data["released_to"]})
        if data.get("note"):
            lines.append(_("Hinweis: %(note)s") % {"note": data["note"]})
    elif kind == TicketEvent.Kind.ASSIGNED:
        old, new = data.get("old") or {}, data.get("new") or {}
        title = _("Zugewiesen: %(old)s → %(new)s") % {
            "old": old.get("assignee") or _("niemand"),
            "new": new.get("assignee") or _("niemand"),
        }
    elif kind == TicketEvent.Kind.PRIORITY:
        old, new = data.get("old") or {}, data.get("new") or {}
        title = _("Priorität: %(old)s → %(new)s") % {
            "old": _label(Priority, old.get("priority")),
            "new": _label(Priority, new.get("priority")),
        }
        if old.get("due_at") != new.get("due_at"):
            lines.append(
                _("Fällig: %(old)s → %(new)s")
                % {"old": _when(old.get("due_at")), "new": _when(new.get("due_at"))}
            )
    elif kind == TicketEvent.Kind.FOLLOW_UP:
        day = parse_date(data.get("due_on") or "")
        title = _("Wiedervorlage am %(day)s") % {"day": day.strftime("%d.%m.%Y") if day else "—"}
        if data.get("note"):
            lines.append(data["note"])
    else:
        title = event.get_kind_display()
    if data.get("reason"):
        lines.append(_("Begründung: %(reason)s") % {"reason": data["reason"]})
    return title, lines


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
        title, lines = _describe(event)
        attachment = (
            files.get(event.data.get("attachment_id")) if event.kind == TicketEvent.Kind.ATTACHMENT else None
        )
        entries.append(
            Entry(event.pk, event.created_at, who, title, lines, None, event.is_public, attachment)
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
