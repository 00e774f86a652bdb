"""Letter specs for tickets, parties and properties: who gets the letter, at which address, with which facts.
Specs hold plain data only, so a print batch can keep them and render them later."""

from collections.abc import Iterable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts.contacts import postal_contact
from estate.models import Contractor, Party, Property, Unit, mask_iban
from estate.salutations import salutation_for
from tickets.answers import Audience, answer_rows
from tickets.models import ChangeRequest, Message, Ticket

from .render import LetterSpec
from .texts import text_context


class NoPostalAddress(ValueError):
    """The recipient has no address we could print into the window."""


def postal_address(party: Party, *, unit: Unit | None = None) -> tuple[str, ...]:
    """The party's own postal address where one is kept, else the building of their (current) home; to a
    tenant whose post goes to a Zustellbevollmächtigte(r) (contracts.contacts), in their care."""
    if party.kind == Party.Kind.COMPANY:
        name = party.company_name
    else:
        name = " ".join(p for p in [party.salutation, party.first_name, party.last_name] if p)
    contact = postal_contact(party)
    if contact is not None:
        return (name, f"c/o {contact.name}", *contact.address_lines)
    if party.street and party.city:
        return (name, party.street, f"{party.postcode} {party.city}".strip())
    if unit is None:
        tenancy = party.tenancies.current().select_related("unit__building").first()
        unit = tenancy.unit if tenancy else None
    if unit is None:
        raise NoPostalAddress(f"No postal address for party {party.pk}")
    building = unit.building
    return (name, f"{building.street} {building.house_number}", f"{building.postcode} {building.city}")


def _contact(ticket: Ticket | None) -> dict[str, str]:
    if ticket is None or ticket.assignee is None:
        return {}
    return {"contact_name": ticket.assignee.get_full_name()}


def _answers(ticket: Ticket, audience: Audience) -> list[list[str]]:
    return [[row.label, row.value] for row in answer_rows(ticket, audience=audience)]


def _ticket_facts(ticket: Ticket) -> dict[str, object]:
    """The ticket as the tenant's letters show it, their answers included (an IBAN masked)."""
    return {
        "reference": ticket.reference,
        "what": ticket.item.label,
        "place": ticket.place_display,
        "created_at": timezone.localtime(ticket.created_at) if ticket.created_at else None,
        "description": ticket.description,
        "status_label": ticket.get_status_display(),
        "status_reason": ticket.status_reason,
        "answers": _answers(ticket, Audience.RESIDENT),
    }


def _site_address(ticket: Ticket) -> str:
    if ticket.unit_id:
        building = ticket.unit.building
        return f"{building.street} {building.house_number}, {building.postcode} {building.city}"
    return ticket.property.address


def _placeholders(party: Party | None, ticket: Ticket | None, **extra: str) -> dict[str, str]:
    """The values a text block may use: {tenant_name}, {reference}, {property}, {title}."""
    return {
        "tenant_name": party.display_name if party else "",
        "reference": ticket.reference if ticket else "",
        "property": ticket.place_display if ticket else "",
        **extra,
    }


def _party_letter(
    template: str,
    party: Party,
    *,
    unit: Unit | None = None,
    values: dict[str, str] | None = None,
    **context,
) -> LetterSpec:
    kind = template.removeprefix("letters/").removesuffix(".html")
    values = values or _placeholders(party, None, reference=str(context.get("reference", "")))
    texts = text_context(kind, language=party.language, values=values)
    with translation.override(party.language):
        return LetterSpec(
            template=template,
            recipient=postal_address(party, unit=unit),
            context={"salutation": salutation_for(party), **context, **texts},
            language=party.language,
        )


def letter_for_ticket_confirmation(ticket: Ticket) -> LetterSpec:
    """Eingangsbestätigung to the reporter."""
    if ticket.reporter is None:
        raise NoPostalAddress(f"Ticket {ticket.reference} has no reporter in our master data")
    with translation.override(ticket.reporter.language):
        facts = _ticket_facts(ticket)
    return _party_letter(
        "letters/confirmation.html",
        ticket.reporter,
        unit=ticket.unit,
        values=_placeholders(ticket.reporter, ticket),
        ticket=facts,
        reference=ticket.reference,
        **_contact(ticket),
    )


def letter_for_ticket_status(ticket: Ticket, *, party: Party | None = None) -> LetterSpec:
    """Sachstand for a resident we cannot reach by e-mail; carries the public replies so far."""
    party = party or ticket.reporter
    if party is None:
        raise NoPostalAddress(f"Ticket {ticket.reference} has no reporter in our master data")
    replies = (
        ticket.messages.filter(kind=Message.Kind.PUBLIC)
        .order_by("created_at")
        .prefetch_related("attachments")
    )
    with translation.override(party.language):
        facts = _ticket_facts(ticket)
    return _party_letter(
        "letters/status.html",
        party,
        unit=ticket.unit if party == ticket.reporter else None,
        values=_placeholders(party, ticket),
        ticket=facts,
        reference=ticket.reference,
        # A reply's files cannot travel in the envelope's PDF; the letter names them, the portal has them.
        messages=[
            {
                "at": timezone.localtime(m.created_at),
                "body": m.body,
                "files": [a.original_name for a in m.attachments.all() if a.is_public],
            }
            for m in replies
        ],
        **_contact(ticket),
    )


def letter_for_work_order(
    ticket: Ticket, *, contractor: Contractor | None = None, link: str = ""
) -> LetterSpec:
    """Auftrag an Handwerker: only what the job needs; the tenant's phone only where they agreed."""
    contractor = contractor or ticket.contractor
    if contractor is None or not (contractor.street and contractor.city):
        raise NoPostalAddress(f"Ticket {ticket.reference} has no contractor with a postal address")
    facts = _ticket_facts(ticket)
    facts |= {
        "address": _site_address(ticket),
        "due_at": timezone.localtime(ticket.due_at) if ticket.due_at else None,
        "access_notes": ticket.property.access_notes,
        "availability": ticket.availability,
        "answers": _answers(ticket, Audience.WORKER),
    }
    phone = ticket.reporter.phone if ticket.reporter else ticket.reporter_phone
    if ticket.phone_consent and not ticket.is_anonymous and phone:
        facts |= {"tenant_name": ticket.reporter_display, "tenant_phone": phone}
    return LetterSpec(
        template="letters/work_order.html",
        recipient=(contractor.name, contractor.street, f"{contractor.postcode} {contractor.city}".strip()),
        context={
            "salutation": _("Sehr geehrte Damen und Herren,"),
            "ticket": facts,
            "reference": ticket.reference,
            "link": link,
            **_contact(ticket),
            # The tenant's name only where the facts above may show it.
            **text_context(
                "work_order",
                language="de",
                values=_placeholders(None, ticket, tenant_name=facts.get("tenant_name", "")),
            ),
        },
    )


def _change_values(change: ChangeRequest) -> list[tuple[str, str]]:
    values = change.new_values
    if change.kind == ChangeRequest.Kind.BANK_ACCOUNT:
        rows = [(_("Kontoinhaber"), values.get("holder", ""))]
        if values.get("iban"):
            # A letter can be read by anyone at the letterbox: the IBAN stays masked.
            rows.append((_("IBAN"), mask_iban(values["iban"])))
        return rows
    if change.kind == ChangeRequest.Kind.NAME:
        name = " ".join(values.get(k, "") for k in ("first_name", "last_name")).strip()
        return [(_("Name"), name)] if name else []
    return [(str(key), str(value)) for key, value in values.items()]


def letter_for_change_request(change: ChangeRequest) -> LetterSpec:
    """Bestätigung zum Änderungsantrag: received, approved or rejected."""
    with translation.override(change.party.language):
        facts = {
            "kind_label": change.get_kind_display(),
            "state": change.state,
            "values": _change_values(change) if change.state != ChangeRequest.State.REJECTED else [],
            "reason": change.reason,
        }
    return _party_letter(
        "letters/change_request.html",
        change.party,
        change=facts,
        reference=change.ticket.reference if change.ticket_id else "",
    )


def letter_for_document(party: Party, *, title: str, ticket: Ticket | None = None) -> LetterSpec:
    """Anschreiben zur angeforderten Unterlage; the document itself is printed behind it."""
    return _party_letter(
        "letters/document_cover.html",
        party,
        unit=ticket.unit if ticket else None,
        values=_placeholders(party, ticket, title=title),
        document={"title": title},
        reference=ticket.reference if ticket else "",
        **_contact(ticket),
    )


def notice_board_sheet(
    prop: Property, *, title: str, paragraphs: Iterable[str], reference: str = "", language: str = "de"
) -> LetterSpec:
    """Aushang for the stairwell of a property."""
    return LetterSpec(
        template="letters/notice_board.html",
        recipient=(),
        context={
            "notice": {"title": title, "place": f"{prop.name}, {prop.address}"},
            "paragraphs": list(paragraphs),
            "reference": reference,
        },
        language=language,
    )
