"""From an outbox letter row to the letter to print. A row is rendered when its batch prints, from the
builder it names (`OutboxMessage.letter`) or, for rows the notification rules wrote, from its kind."""

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from estate.salutations import salutation_for
from notifications.models import OutboxMessage

from .render import LetterSpec
from .specs import (
    NoPostalAddress,
    letter_for_document,
    letter_for_ticket_confirmation,
    letter_for_ticket_status,
    postal_address,
)

# What the post room reads on the cover sheet for each kind of letter.
KIND_LABELS = {
    "ticket_created": _("Eingangsbestätigung"),
    "status_changed": _("Sachstand"),
    "public_reply": _("Antwort"),
    "document_cover": _("Unterlage"),
}


def document_letter(*, title: str) -> dict:
    """The `letter` field of an outbox row for the cover letter of a requested document."""
    return {"builder": "document", "title": title}


def spec_letter(spec: LetterSpec) -> dict:
    """The `letter` field of an outbox row for a letter built in full beforehand (a process's DIN 5008
    letter): plain data, read back by `spec_for`."""
    return {
        "builder": "spec",
        "template": spec.template,
        "recipient": list(spec.recipient),
        "context": spec.context,
        "language": spec.language,
    }


def spec_for(message: OutboxMessage) -> LetterSpec:
    """The letter for one outbox row; NoPostalAddress where we have nowhere to send it."""
    party, ticket, data = message.recipient_party, message.ticket, message.letter or {}
    if party is None:
        raise NoPostalAddress(f"Outbox letter {message.pk} has no recipient in our master data")
    if data.get("builder") == "spec":
        return LetterSpec(
            template=data["template"],
            recipient=tuple(data["recipient"]),
            context=data.get("context", {}),
            language=data.get("language", party.language),
        )
    if data.get("builder") == "document":
        return letter_for_document(party, title=data["title"], ticket=ticket)
    if ticket is not None and message.kind == "ticket_created" and party.pk == ticket.reporter_id:
        return letter_for_ticket_confirmation(ticket)
    if ticket is not None and message.kind in ("status_changed", "public_reply"):
        return letter_for_ticket_status(ticket, party=party)
    return _message_letter(message)


def _message_letter(message: OutboxMessage) -> LetterSpec:
    """Any other message: the e-mail's own subject and text on paper."""
    party = message.recipient_party
    unit = message.ticket.unit if message.ticket and message.ticket.reporter_id == party.pk else None
    subject = re.sub(r"^\[[^\]]+\]\s*", "", message.subject)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", message.body_text) if p.strip()]
    with translation.override(party.language):
        return LetterSpec(
            template="letters/message.html",
            recipient=postal_address(party, unit=unit),
            context={
                "salutation": salutation_for(party),
                "message_subject": subject,
                "paragraphs": paragraphs,
                "reference": message.ticket.reference if message.ticket else "",
            },
            language=party.language,
        )


def kind_label(message: OutboxMessage) -> str:
    return str(KIND_LABELS.get(message.kind, message.kind))
