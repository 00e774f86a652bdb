"""The ticket's timeline as HTML, for backoffice/_timeline.html (the ticket page and the conflict page)."""

from django import template
from django.utils.safestring import SafeString

from backoffice.timeline import Entry, render

register = template.Library()


@register.simple_tag
def timeline_html(entries: list[Entry]) -> SafeString:
    return render(entries)
