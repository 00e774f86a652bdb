"""Text blocks filled in for one ticket: placeholders resolved in the tenant's language. Unknown
placeholders stay visible so the case worker sees and fixes them. The signature is not part of a block:
every reply gets it when it is sent (notifications.reply_frame), block or not."""

import re

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from estate.salutations import salutation_for

from .models import Ticket
from .workspace import TextBlock

PLACEHOLDERS = ("tenant_name", "salutation", "reference", "property", "unit", "staff_name")


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: dict[str, str]) -> str:
    # str.format_map would choke on "{0}", "{a.b}", a lone "{" or format specs in a free text a colleague
    # typed into the admin; replacing only well-formed {name} keeps every other brace as written.
    known = _KeepUnknown(values)
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: known[m.group(1)], text)


def tenant_language(ticket: Ticket) -> str:
    party = ticket.reporter
    return (party.language if party and party.language else "de")[:2]


def placeholder_values(ticket: Ticket, user: User, language: str) -> dict[str, str]:
    party = ticket.reporter
    with translation.override(language):
        if party is not None:
            salutation = salutation_for(party).rstrip(",")
            name = party.display_name
        else:
            name = ticket.reporter_name
            salutation = (
                _("Guten Tag %(name)s") % {"name": name} if name else _("Sehr geehrte Damen und Herren")
            )
    return {
        "tenant_name": name or "",
        "salutation": salutation,
        "reference": ticket.reference,
        "property": str(ticket.property) if ticket.property_id else "",
        "unit": str(ticket.unit) if ticket.unit_id else "",
        "staff_name": user.get_full_name() or user.get_username(),
    }


def render_text_block(block: TextBlock, ticket: Ticket, user: User) -> str:
    """The block's text in the tenant's language with placeholders filled."""
    language = tenant_language(ticket)
    if not getattr(block, f"body_{language}", ""):
        # Without a text in the tenant's language the block is sent in German, salutation included.
        language = "de"
    return _fill(block.body_for(language), placeholder_values(ticket, user, language)).rstrip()


def blocks_for(ticket: Ticket) -> QuerySet[TextBlock]:
    """Active blocks for the ticket's category, and those for every category."""
    return TextBlock.objects.filter(Q(category__isnull=True) | Q(category=ticket.category_id), active=True)
