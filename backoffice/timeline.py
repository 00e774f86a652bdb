"""The ticket's timeline as the back-office shows it: events and messages in order, in German words."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, JSONObject
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tickets.event_text import describe
from tickets.models import Attachment, Message, Ticket, TicketEvent

from .prepared import read_compiled


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
    """Two queries whatever the length: the messages, and the events with the files they point to; each
    built and compiled once per process (`read_compiled`)."""
    messages = {m.pk: m for m in read_compiled("timeline messages", (), _messages, ticket.pk)}
    entries, shown = [], set()
    for event in read_compiled("timeline events", (), _events, ticket.pk):
        who = str(event.actor) if event.actor else event.actor_label or _("System")
        message = (
            messages.get(event.data.get("message_id")) if event.kind == TicketEvent.Kind.MESSAGE else None
        )
        if message is not None:
            shown.add(message.pk)
            title = message.get_kind_display()
            entries.append(Entry(event.pk, event.created_at, who, title, [], message, message.is_public))
            continue
        attachment = Attachment(ticket=ticket, **event.file) if event.file else None
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


def _messages(ticket_id: int) -> QuerySet[Message]:
    return Ticket(pk=ticket_id).messages.select_related("author")


def _events(ticket_id: int) -> QuerySet[TicketEvent]:
    """The events, each attachment row with the file it names as `file` ({"pk", "original_name",
    "content_type", "size"}, null on every other row): read in the events' own query."""
    return Ticket(pk=ticket_id).events.select_related("actor").annotate(**_file_columns())


def _file_columns() -> dict:
    attachment = When(kind=TicketEvent.Kind.ATTACHMENT, then=Cast(KT("data__attachment_id"), IntegerField()))
    files = Attachment.objects.filter(ticket=OuterRef("ticket_id"), pk=OuterRef("attachment_ref"))
    row = JSONObject(pk="pk", original_name="original_name", content_type="content_type", size="size")
    return {"attachment_ref": Case(attachment), "file": Subquery(files.values(json=row)[:1])}


def render(entries: list[Entry]) -> SafeString:
    """The timeline's HTML (backoffice/_timeline.html), written in one pass: the translated words and the
    forwarding link once per page, not once per row; the same markup the template loop wrote."""
    system, internal = _("System"), _("intern")
    forward = format_html(
        '<p class="actions"><a href="{}?forward={{}}">{}</a></p>',
        reverse("backoffice:mailbox_compose"),
        _("Per E-Mail weiterleiten"),
    )
    rows = []
    for entry in entries:
        message = entry.message
        css = f"message kind-{conditional_escape(message.kind)}" if message else "event"
        when = timezone.localtime(entry.when) if timezone.is_aware(entry.when) else entry.when
        row = [
            format_html(
                '  <li class="{}{}">\n    <p class="meta"><time datetime="{}">{}</time> · {}{}</p>\n'
                '    <p class="title">{}</p>\n    ',
                mark_safe(css),  # noqa: S308 - escaped above
                " internal" if not entry.is_public else "",
                when.isoformat(),
                when.strftime("%d.%m.%Y %H:%M"),
                entry.who or system,
                format_html(' · <span class="badge">{}</span>', internal) if not entry.is_public else "",
                entry.title,
            )
        ]
        row += [format_html("<p>{}</p>", line) for line in entry.lines]
        row.append("\n    ")
        if entry.attachment:
            attachment = entry.attachment
            row.append(
                format_html(
                    '<p><a href="{}">{}</a> <small>({})</small></p>',
                    reverse("portal:attachment", args=[attachment.pk]),
                    attachment.original_name,
                    filesizeformat(attachment.size),
                )
            )
        row.append("\n    ")
        if message:
            row.append("\n      ")
            if message.kind == "phone":
                row.append(_phone(message))
            row.append(
                format_html(
                    '\n      <div class="body">{}</div>\n      {}\n    ',
                    linebreaksbr(message.body, autoescape=True),
                    format_html(forward, message.pk),
                )
            )
        row.append("\n  </li>\n")
        rows.append("".join(row))
    if not entries:
        rows.append(format_html("  <li>{}</li>\n", _("Noch keine Einträge.")))
    body = "".join(f"\n{row}" for row in rows)
    return mark_safe(f'<ol class="timeline">\n{body}\n</ol>\n')  # noqa: S308 - every part escaped above


def _phone(message: Message) -> SafeString:
    parts = [conditional_escape(message.caller)]
    if message.direction:
        parts.append(format_html(" · {}", message.get_direction_display()))
    if message.duration_minutes is not None:
        minutes = message.duration_minutes
        text = ngettext("%(minutes)s Minute", "%(minutes)s Minuten", minutes)
        parts.append(" · " + text % {"minutes": conditional_escape(localize(minutes))})
    return mark_safe('<p class="phone">' + "".join(parts) + "</p>")  # noqa: S308 - parts escaped
