"""A queue row as the page prints it: every value worked out in one pass over the page's tickets, and the
table's rows written in one pass too. Through the template engine, 50 rows of eight cells were most of the
page's Python time (over a thousand variable lookups); here they are one `format_html` each, escaped the
same way."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from catalogs.models import Priority
from tickets.models import Awaiting, CommonArea, Ticket
from tickets.querysets import can_see_reporter
from tickets.status import Status

# Urgent rows carry their priority as a badge; normal and low ones do not.
BADGED = {Priority.EMERGENCY, Priority.HIGH}


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


def queue_rows(tickets: list[Ticket], user) -> list[QueueRow]:
    now = timezone.now()
    statuses, priorities = _labels(Status.choices), _labels(Priority.choices)
    awaiting, areas = _labels(Awaiting.choices), _labels(CommonArea.choices)
    # The ticket page's address differs only in the reference: reversed once, not once per row.
    url = reverse("backoffice:ticket", args=["REFERENCE"])
    select = _("Meldung %(ref)s auswählen")
    rows = []
    for ticket in tickets:
        due = ticket.due_at
        local_due = timezone.localtime(due) if due else None
        late = bool(due and due < now and ticket.status in Status.active())
        if ticket.unit_id:
            detail = str(ticket.unit)
        else:
            detail = areas.get(ticket.common_area, ticket.common_area) if ticket.common_area else ""
        # The rows query joins the process and its template (views.queue); a ticket without one has None.
        process = getattr(ticket, "process", None)
        rows.append(
            QueueRow(
                pk=ticket.pk,
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
                title=ticket.title_display,
                process_label=process.template.label if process else "",
                property_name=ticket.property.name,
                place_detail=detail,
                reporter=(ticket.reporter_display or "—") if can_see_reporter(ticket, user) else None,
                is_anonymous=ticket.is_anonymous,
                due_iso=local_due.isoformat() if local_due else "",
                due_text=local_due.strftime("%d.%m.%Y %H:%M") if local_due else "",
                late=late,
                assignee=str(ticket.assignee) if ticket.assignee_id else "—",
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
    """The table body's rows as HTML, every value escaped."""
    labels = {
        "l_what": _("Was"),
        "l_where": _("Wo"),
        "l_who": _("Wer"),
        "l_status": _("Status"),
        "l_due": _("Fällig"),
        "l_assignee": _("Sachbearbeitung"),
    }
    anonymous = format_html("<em>{}</em>", _("anonym"))
    reported_anonymously = format_html(" <small>({})</small>", _("anonym gemeldet"))
    overdue = format_html(' <strong class="overdue">{}</strong>', _("überfällig"))
    parts = []
    for row in rows:
        if row.due_text and row.late:
            due = format_html(
                '<time datetime="{}" class="overdue">{}</time>{}', row.due_iso, row.due_text, overdue
            )
        elif row.due_text:
            due = format_html('<time datetime="{}">{}</time>', row.due_iso, row.due_text)
        else:
            due = "—"
        parts.append(
            format_html(
                ROW,
                priority=row.priority,
                late_class=" late" if row.late else "",
                pk=row.pk,
                version=row.version,
                select_label=row.select_label,
                url=row.url,
                reference=row.reference,
                title=row.title,
                process=format_html(' <span class="badge process">{}</span>', row.process_label)
                if row.process_label
                else "",
                awaiting=format_html(
                    ' <span class="badge awaiting-{}">{}</span>', row.awaiting, row.awaiting_label
                )
                if row.awaiting
                else "",
                priority_badge=format_html(' <span class="badge prio">{}</span>', row.priority_label)
                if row.priority_label
                else "",
                property_name=row.property_name,
                place=format_html("<br><small>{}</small>", row.place_detail) if row.place_detail else "",
                reporter=row.reporter if row.reporter is not None else anonymous,
                anonymous=reported_anonymously if row.is_anonymous else "",
                status=row.status,
                status_label=row.status_label,
                due=due,
                assignee=row.assignee,
                **labels,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - each part is format_html's escaped output
