"""The hook of the process page for nuisance cases and home modifications: the link to their own page,
and on an end of tenancy the modifications of the flat the inspector must check."""

from django import template

from processes.models import Process
from processes.modification import ModificationRecord, open_records

register = template.Library()


@register.simple_tag
def modification_records(process: Process) -> list[ModificationRecord]:
    """The unit's recorded modifications, on a Kündigung only (one query there, none elsewhere)."""
    if process.template.code != "kuendigung" or process.ticket.unit_id is None:
        return []
    return open_records(process.ticket.unit)
