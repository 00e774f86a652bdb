"""Template filters of Zusatzleistungen: `{{ agreements|monthly_total }}` is what the running ones cost
together a month, read from the rows the page lists anyway (no query of its own)."""

from decimal import Decimal

from django import template

from subscriptions import models

register = template.Library()


@register.filter
def monthly_total(subscriptions) -> Decimal:
    return models.monthly_total(subscriptions)
