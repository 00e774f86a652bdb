"""{{ amount|euro }}: an amount as the page's reader writes it (estate.money)."""

from django import template

from estate.money import euro as format_euro

register = template.Library()


@register.filter
def euro(amount) -> str:
    if amount in (None, ""):
        return ""
    return format_euro(amount)
