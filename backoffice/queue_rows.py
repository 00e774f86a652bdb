"""A queue row as the page prints it: the page's tickets read as plain values by one query compiled once
(no model instances: the rows are only displayed), every value worked out in one pass, and the table's
rows written in one pass too, every value escaped as Django's `escape` does."""

from collections import namedtuple
from dataclasses import dataclass
from html import escape

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogs.models import Priority
from tickets.models import Awaiting, CommonArea, Ticket
from tickets.querysets import can_see_reporter
from tickets.status import Status

from .prepared import prepared

# Urgent rows carry their priority as a badge; normal and low ones do not.
BADGED = {Priority.EMERGENCY, Priority.HIGH}

# What a row shows, as (name, ORM path). The names of `reporter_id` and `is_anonymous` let a row stand
# for its ticket in `can_see_reporter`.
COLUMNS = (
    ("id", "id"),
    ("reference", "reference"),
    ("version", "version"),
    ("priority", "priority"),
    ("status", "status"),
    ("awaiting", "awaiting"),
    ("title", "title"),
    ("staff_label", "item__staff_label"),
    ("item_de", "item__name_de"),
    ("item_en", "item__name_en"),
    ("item_nl", "item__name_nl"),
    ("process_de", "process__template__name_de"),
    ("process_en", "process__template__name_en"),
    ("process_nl", "process__template__name_nl"),
    ("property_name", "property__name"),
    ("unit_id", "unit_id"),
    ("unit_number", "unit__number"),
    ("unit_floor", "unit__floor"),
    ("street", "unit__building__street"),
    ("house_number", "unit__building__house_number"),
    ("common_area", "common_area"),
    ("reporter_id", "reporter_id"),
    ("reporter_kind", "reporter__kind"),
    ("reporter_first", "reporter__first_name"),
    ("reporter_last", "reporter__last_name"),
    ("reporter_company", "reporter__company_name"),
    ("reporter_name", "reporter_name"),
    ("is_anonymous", "is_anonymous"),
    ("due_at", "due_at"),
    ("assignee_id", "assignee_id"),
    ("assignee_username", "assignee__username"),
    ("assignee_first", "assignee__first_name"),
    ("assignee_last", "assignee__last_name"),
)
Fetched = namedtuple("Fetched", [name for name, _path in COLUMNS])

# The rows query's SQL per database connection: the ORM's own compilation of the columns above for
# `id = ANY(<ids>)`, the ids its only parameter. Compiled once per process, not on every request (the
# seven joins cost more to compile than the rest of the page's queries together), and always the same
# text, so PostgreSQL prepares it once per connection (backoffice.prepared) and stops planning it.
_ROWS_SQL: dict[tuple, str] = {}


def _rows_sql() -> str:
    key = (connection.alias, connection.vendor)
    sql = _ROWS_SQL.get(key)
    if sql is None:
        ids = Func(
            F("id"),
            Value([0], output_field=ArrayField(BigIntegerField())),
            arg_joiner=" = ANY(",
            # One type for every list of ids, so the prepared statement is always the same one.
            template="%(expressions)s::bigint[])",
            output_field=BooleanField(),
        )
        query = Ticket.objects.filter(ids).order_by().values_list(*[path for _name, path in COLUMNS]).query
        sql, params = query.get_compiler(connection=connection).as_sql()
        if list(params) != [[0]]:  # the ids must be the only value in the SQL
            raise ValueError(f"unexpected parameters in the queue's rows query: {params!r}")
        _ROWS_SQL[key] = sql
    return sql


def fetch(ids: list[int]) -> dict[int, Fetched]:
    """The rows of these tickets by id, in one query (prepared on the connection)."""
    if not ids:
        return {}
    if connection.vendor != "postgresql":
        # The embedded mode's SQLite has no arrays: the ORM's own IN list, compiled on each request.
        rows = Ticket.objects.filter(id__in=ids).order_by().values_list(*[path for _name, path in COLUMNS])
        return {row[0]: Fetched._make(row) for row in rows}
    with prepared(), connection.cursor() as cursor:
        cursor.execute(_rows_sql(), [list(ids)])
        return {row[0]: Fetched._make(row) for row in cursor.fetchall()}


@dataclass(slots=True)
class QueueRow:
    pk: int
    reference: str
    url: str
    select_label: str
    version: int
    priority: str
    priority_label: str
    status: str
    status_label: str
    awaiting: str
    awaiting_label: str
    title: str
    process_label: str  # the Vorgangsart of a process's ticket, else ""
    property_name: str
    place_detail: str
    reporter: str | None  # None: hidden (anonymous to this reader)
    is_anonymous: bool
    due_iso: str
    due_text: str
    late: bool
    assignee: str


def _labels(choices) -> dict[str, str]:
    """The choice labels in the active language, translated once per page rather than once per row."""
    return {value: str(label) for value, label in choices}


# The texts below say what the models' own methods say of a ticket (Ticket.title_display, str(Unit),
# Party.display_name, str(User), Translated.label); tests/backoffice/test_queue_rows_html.py holds them
# to those methods.


def _translated(row: Fetched, prefix: str, language: str) -> str:
    """Translated.label: the name in the reader's language, else the German one."""
    return getattr(row, f"{prefix}_{language}", "") or getattr(row, f"{prefix}_de")


def _unit(row: Fetched) -> str:
    building = f"{row.street} {row.house_number}"
    where = f"{building}, {row.unit_floor}" if row.unit_floor else building
    return f"{where} ({row.unit_number})"


def _reporter(row: Fetched) -> str:
    if row.reporter_id is None:
        return row.reporter_name
    if row.reporter_kind == "company":
        return row.reporter_company
    return " ".join(p for p in (row.reporter_first, row.reporter_last) if p) or row.reporter_company


def _colleague(row: Fetched) -> str:
    return f"{row.assignee_first} {row.assignee_last}".strip() or row.assignee_username


def queue_rows(tickets: list[Fetched], user) -> list[QueueRow]:
    now, here = timezone.now(), timezone.get_current_timezone()
    language = (get_language() or "de")[:2]
    statuses, priorities = _labels(Status.choices), _labels(Priority.choices)
    awaiting, areas = _labels(Awaiting.choices), _labels(CommonArea.choices)
    active = Status.active()
    # The ticket page's address differs only in the reference: reversed once, not once per row.
    url = reverse("backoffice:ticket", args=["REFERENCE"])
    select = _("Meldung %(ref)s auswählen")
    rows = []
    for ticket in tickets:
        due = ticket.due_at
        local_due = due.astimezone(here) if due else None  # timezone.localtime, the zone read once
        if ticket.unit_id:
            detail = _unit(ticket)
        else:
            detail = areas.get(ticket.common_area, ticket.common_area) if ticket.common_area else ""
        rows.append(
            QueueRow(
                pk=ticket.id,
                reference=ticket.reference,
                url=url.replace("REFERENCE", ticket.reference),
                select_label=select % {"ref": ticket.reference},
                version=ticket.version,
                priority=ticket.priority,
                priority_label=priorities.get(ticket.priority, "") if ticket.priority in BADGED else "",
                status=ticket.status,
                status_label=statuses.get(ticket.status, ticket.status),
                awaiting=ticket.awaiting,
                awaiting_label=awaiting.get(ticket.awaiting, "") if ticket.awaiting else "",
                title=ticket.title or ticket.staff_label or _translated(ticket, "item", language),
                # The process and its template are outer joins: a ticket without one has None.
                process_label=_translated(ticket, "process", language) if ticket.process_de else "",
                property_name=ticket.property_name,
                place_detail=detail,
                reporter=(_reporter(ticket) or "—") if can_see_reporter(ticket, user) else None,
                is_anonymous=ticket.is_anonymous,
                due_iso=local_due.isoformat() if local_due else "",
                due_text=local_due.strftime("%d.%m.%Y %H:%M") if local_due else "",
                late=bool(due and due < now and ticket.status in active),
                assignee=_colleague(ticket) if ticket.assignee_id else "—",
            )
        )
    return rows


ROW = (
    '<tr class="prio-{priority}{late_class}">'
    '<td><input type="checkbox" name="tickets" value="{pk}:{version}" aria-label="{select_label}"></td>'
    '<td><a href="{url}">{reference}</a></td>'
    '<td data-label="{l_what}">{title}{process}{awaiting}{priority_badge}</td>'
    '<td data-label="{l_where}">{property_name}{place}</td>'
    '<td data-label="{l_who}">{reporter}{anonymous}</td>'
    '<td data-label="{l_status}"><span class="badge status-{status}">{status_label}</span></td>'
    '<td data-label="{l_due}">{due}</td>'
    '<td data-label="{l_assignee}">{assignee}</td>'
    "</tr>\n"
)


def render_rows(rows: list[QueueRow]) -> SafeString:
    """The table body's rows as HTML. Every value is plain text (a str or an int) and goes through
    `html.escape`, which is what Django's `escape` and `format_html` do to it, without their wrappers
    (about 400 calls a row)."""
    labels = {
        "l_what": escape(_("Was")),
        "l_where": escape(_("Wo")),
        "l_who": escape(_("Wer")),
        "l_status": escape(_("Status")),
        "l_due": escape(_("Fällig")),
        "l_assignee": escape(_("Sachbearbeitung")),
    }
    anonymous = f"<em>{escape(_('anonym'))}</em>"
    reported_anonymously = f" <small>({escape(_('anonym gemeldet'))})</small>"
    overdue = f' <strong class="overdue">{escape(_("überfällig"))}</strong>'
    awaiting = ' <span class="badge awaiting-{}">{}</span>'
    parts = []
    for row in rows:
        if row.due_text:
            late = ' class="overdue"' if row.late else ""
            due = f'<time datetime="{escape(row.due_iso)}"{late}>{escape(row.due_text)}</time>'
            due += overdue if row.late else ""
        else:
            due = "—"
        parts.append(
            ROW.format(
                priority=escape(row.priority),
                late_class=" late" if row.late else "",
                pk=row.pk,
                version=row.version,
                select_label=escape(row.select_label),
                url=escape(row.url),
                reference=escape(row.reference),
                title=escape(row.title),
                process=f' <span class="badge process">{escape(row.process_label)}</span>'
                if row.process_label
                else "",
                awaiting=awaiting.format(escape(row.awaiting), escape(row.awaiting_label))
                if row.awaiting
                else "",
                priority_badge=f' <span class="badge prio">{escape(row.priority_label)}</span>'
                if row.priority_label
                else "",
                property_name=escape(row.property_name),
                place=f"<br><small>{escape(row.place_detail)}</small>" if row.place_detail else "",
                reporter=escape(row.reporter) if row.reporter is not None else anonymous,
                anonymous=reported_anonymously if row.is_anonymous else "",
                status=escape(row.status),
                status_label=escape(row.status_label),
                due=due,
                assignee=escape(row.assignee),
                **labels,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above escaped
