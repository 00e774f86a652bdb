"""The queue's table rows, character for character: the rows are written in Python from plain values, and
each value must read as the models themselves put it (title, place, reporter, colleague, labels), escaped,
in the reader's language."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from processes.models import Process, ProcessTemplate
from tests.factories import (
    CatalogItemFactory,
    PartyFactory,
    StaffFactory,
    TicketFactory,
    UnitFactory,
)
from tickets.models import Ticket
from tickets.status import Status

pytestmark = pytest.mark.django_db
QUEUE = reverse("backoffice:queue")
LABELS = ("Was", "Wo", "Wer", "Status", "Fällig", "Sachbearbeitung")


def _expected(ticket: Ticket, language: str) -> str:
    """The row from the ticket's own methods and labels, as the page has always shown it."""
    with translation.override(language):
        what, where, who, status, due_label, assignee = (escape(translation.gettext(x)) for x in LABELS)
        now = timezone.now()
        late = bool(ticket.due_at and ticket.due_at < now and ticket.status in Status.active())
        process = getattr(ticket, "process", None) if Process.objects.filter(ticket=ticket).exists() else None
        badges = ""
        if process:
            badges += f' <span class="badge process">{escape(process.template.label)}</span>'
        if ticket.awaiting:
            waiting = escape(ticket.get_awaiting_display())
            badges += f' <span class="badge awaiting-{ticket.awaiting}">{waiting}</span>'
        if ticket.priority in ("emergency", "high"):
            badges += f' <span class="badge prio">{escape(ticket.get_priority_display())}</span>'
        if ticket.unit_id:
            place = str(ticket.unit)
        else:
            place = ticket.get_common_area_display() if ticket.common_area else ""
        place_html = f"<br><small>{escape(place)}</small>" if place else ""
        reporter = escape(ticket.reporter_display or "—")
        if ticket.is_anonymous:
            reporter += f" <small>({escape(translation.gettext('anonym gemeldet'))})</small>"
        if ticket.due_at:
            local = timezone.localtime(ticket.due_at)
            shown = local.strftime("%d.%m.%Y %H:%M")
            if late:
                overdue = escape(translation.gettext("überfällig"))
                due = (
                    f'<time datetime="{local.isoformat()}" class="overdue">{shown}</time>'
                    f' <strong class="overdue">{overdue}</strong>'
                )
            else:
                due = f'<time datetime="{local.isoformat()}">{shown}</time>'
        else:
            due = "—"
        url = reverse("backoffice:ticket", args=[ticket.reference])
        select = escape(translation.gettext("Meldung %(ref)s auswählen") % {"ref": ticket.reference})
        return (
            f'<tr class="prio-{ticket.priority}{" late" if late else ""}">'
            f'<td><input type="checkbox" name="tickets" value="{ticket.pk}:{ticket.version}"'
            f' aria-label="{select}"></td>'
            f'<td><a href="{url}">{ticket.reference}</a></td>'
            f'<td data-label="{what}">{escape(ticket.title_display)}{badges}</td>'
            f'<td data-label="{where}">{escape(ticket.property.name)}{place_html}</td>'
            f'<td data-label="{who}">{reporter}</td>'
            f'<td data-label="{status}"><span class="badge status-{ticket.status}">'
            f"{escape(ticket.get_status_display())}</span></td>"
            f'<td data-label="{due_label}">{due}</td>'
            f'<td data-label="{assignee}">{escape(str(ticket.assignee)) if ticket.assignee_id else "—"}</td>'
            "</tr>"
        )


def _rows_html(response) -> list[str]:
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in re.findall(r"<tr class=\"prio-.*?</tr>", body, re.S)]


def _varied_tickets(case_worker) -> list[Ticket]:
    """One of each kind of row: every badge, every kind of place and reporter, with and without a due time,
    late and not, values that need escaping."""
    now = timezone.now()
    colleague = StaffFactory(first_name="", last_name="", username="kollege<x>")
    item = CatalogItemFactory(name_de="Tür & Tor", name_en="Door & gate", staff_label="")
    labelled = CatalogItemFactory(name_de="Heizung", staff_label="Heizung <intern>")
    company = PartyFactory(kind="company", first_name="", last_name="", company_name="Müller & Söhne GmbH")
    unit = UnitFactory(floor="", number="7<a>")
    tickets = [
        TicketFactory(assignee=case_worker, item=item, unit=UnitFactory(), priority="emergency"),
        TicketFactory(
            assignee=case_worker, item=labelled, common_area="cellar", due_at=now - dt.timedelta(hours=3)
        ),
        TicketFactory(
            assignee=colleague, title='"Eigener" Titel', unit=unit, property=unit.building.property
        ),
        TicketFactory(
            assignee=None, reporter=None, reporter_name="Nachbar <Hans>", due_at=None, priority="high"
        ),
        TicketFactory(
            assignee=case_worker, reporter=company, is_anonymous=True, awaiting="us", priority="low"
        ),
        TicketFactory(
            assignee=case_worker, status="done", due_at=now - dt.timedelta(days=2), awaiting="tenant"
        ),
    ]
    template = ProcessTemplate.objects.create(code="probe", name_de="Kündigung & Co", name_en="Notice & co")
    Process.objects.create(ticket=tickets[2], template=template)
    return tickets


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_row_reads_as_the_ticket_itself_says_it(staff_client, case_worker, language):
    case_worker.language = language
    case_worker.save(update_fields=["language"])
    tickets = _varied_tickets(case_worker)
    response = staff_client.get(QUEUE, {"view": "all", "status": "any", "sort": "created"})
    shown = {t.reference: t for t in Ticket.objects.filter(pk__in=[t.pk for t in tickets])}
    expected = [_expected(shown[row.reference], language) for row in response.context["rows"]]
    assert len(expected) == len(tickets)
    assert _rows_html(response) == expected
