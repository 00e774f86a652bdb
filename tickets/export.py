"""CSV export of ticket lists for spreadsheets (Excel in German locales: `;` separated, UTF-8 with BOM).
A cell that a spreadsheet would read as a formula is prefixed with `'`, so exported text never runs."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .querysets import can_see_reporter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


def header() -> list[str]:
    return [
        _("Nummer"),
        _("Status"),
        _("Priorität"),
        _("Kategorie"),
        _("Anliegen"),
        _("Liegenschaft"),
        _("Ort"),
        _("Meldende Person"),
        _("Eingangskanal"),
        _("gemeldet am"),
        _("fällig am"),
        _("überfällig"),
        _("Sachbearbeitung"),
        _("Handwerker"),
        _("Beschreibung"),
    ]


def ticket_row(ticket, user) -> list[str]:
    return [
        ticket.reference,
        ticket.get_status_display(),
        ticket.get_priority_display(),
        str(ticket.category),
        ticket.item.staff_label or ticket.item.label,
        str(ticket.property),
        ticket.place_display,
        ticket.reporter_display if can_see_reporter(ticket, user) else _("anonym"),
        ticket.get_channel_display(),
        _when(ticket.created_at),
        _when(ticket.due_at),
        _("ja") if ticket.is_overdue else _("nein"),
        str(ticket.assignee or ""),
        str(ticket.contractor or ""),
        ticket.description,
    ]


def csv_lines(tickets: Iterable, user) -> Iterator[str]:
    """The export, line by line, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header())
    for ticket in tickets:
        yield writer.writerow([neutralise(cell) for cell in ticket_row(ticket, user)])
