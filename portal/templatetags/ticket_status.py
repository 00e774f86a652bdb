"""`{{ ticket.status|status_label }}`: a status in the reader's words, as `get_status_display` says it. That
one builds a table of all five statuses on every call, translating each label to hash it (a tenth of a
list's rendering); this table is built once and translates only the label shown."""

from django import template

from tickets.status import Status

register = template.Library()

LABELS = dict(Status.choices)


@register.filter
def status_label(status: str) -> str:
    return LABELS.get(status, status)
