"""A queue row as the page prints it: every value worked out in one pass over the page's tickets, so the
template prints plain strings (no lookups through related objects, no translation or date formatting per
row in the template engine, which cost most of the page's time at 50 rows)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
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
