"""What a data export holds: everything we keep about one party, as plain JSON-ready data, and the files
that go with it. Only the party's own data: a neighbour's public ticket they follow comes without the
neighbour's name, words or photos, and nobody else's IBAN appears anywhere."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import MagicLink
from estate.models import (
    BankAccount,
    BoardMembership,
    CaretakerAssignment,
    Document,
    IbanAccess,
    Ownership,
    Party,
    Tenancy,
)
from notifications.models import OutboxMessage
from tickets.event_text import describe, who_for_resident
from tickets.models import AffectedParty, Attachment, ChangeRequest, Message, Ticket, TicketEvent, Visibility

# The kinds of message a resident reads on their ticket page (tickets.models.Message.is_public).
PUBLIC_MESSAGE_KINDS = [k for k in Message.Kind.values if Message(kind=k).is_public]
# On a ticket the party only follows, the reporter's own words stay the reporter's.
REPORTER_MESSAGE_KINDS = {Message.Kind.TENANT, Message.Kind.EMAIL_IN, Message.Kind.EMAIL_OUT}


@dataclass
class ExportFile:
    """A file to put into the ZIP: where in the ZIP, and the stored file to copy."""

    path: str
    storage_file: object


@dataclass
class ExportContent:
    data: dict
    files: list[ExportFile] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = {key: len(value) for key, value in self.data.items() if isinstance(value, list)}
        return {**counted, "files": len(self.files)}


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _party(party: Party) -> dict:
    return {
        "number": party.number,
        "kind": party.kind,
        "salutation": party.salutation,
        "first_name": party.first_name,
        "last_name": party.last_name,
        "company_name": party.company_name,
        "email": party.email,
        "phone": party.phone,
        "language": party.language,
        "postal_address": {"street": party.street, "postcode": party.postcode, "city": party.city},
        "prefers_letters": party.prefers_letters,
        "email_bounced_at": _when(party.email_bounced_at),
        "created_at": _when(party.created_at),
        "portal_login": _login(party),
    }


def _login(party: Party) -> dict | None:
    user = party.user
    if user is None:
        return None
    return {
        "email": user.email,
        "language": user.language,
        "created_at": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "active": user.is_active,
    }


def _roles(party: Party) -> dict:
    def unit_role(role) -> dict:
        unit = role.unit
        return {
            "property": str(unit.building.property),
            "address": f"{unit.building}, {unit.building.postcode} {unit.building.city}",
            "unit": unit.number,
            "floor": unit.floor,
            "kind": unit.get_kind_display(),
            "start": _when(role.start),
            "end": _when(role.end),
        }

    homes = Tenancy.objects.filter(party=party).select_related("unit__building__property")
    owned = Ownership.objects.filter(party=party).select_related("unit__building__property")
    return {
        "tenancies": [{**unit_role(t), "contract_number": t.contract_number} for t in homes],
        "ownerships": [{**unit_role(o), "share": o.share} for o in owned],
        "board_memberships": [
            {"property": str(b.property), "start": _when(b.start), "end": _when(b.end)}
            for b in BoardMembership.objects.filter(party=party).select_related("property")
        ],
        "caretaking": [
            {"property": str(c.property), "start": _when(c.start), "end": _when(c.end)}
            for c in CaretakerAssignment.objects.filter(party=party).select_related("property")
        ],
    }


def _bank_accounts(party: Party) -> list[dict]:
    # Their own accounts, so in full: the export is for the account holder.
    return [
        {
            "iban": a.iban,
            "bic": a.bic,
            "holder": a.holder,
            "valid_from": _when(a.valid_from),
            "valid_until": _when(a.valid_until),
        }
        for a in BankAccount.objects.filter(party=party).order_by("valid_from")
    ]


def _message_author(message: Message, party: Party) -> str:
    if message.author_party_id == party.pk or (party.user_id and message.author_id == party.user_id):
        return _("Sie")
    if message.author is not None and message.author.is_staff:
        return message.author_label
    return _("Bewohner/in") if message.kind == Message.Kind.RESIDENT else _("Verwaltung")


def _messages(ticket: Ticket, party: Party, *, own: bool) -> list[Message]:
    messages = ticket.messages.filter(kind__in=PUBLIC_MESSAGE_KINDS, hidden=False).select_related("author")
    if own:
        return list(messages)
    mine = Q(author_party=party) | Q(author_id=party.user_id) if party.user_id else Q(author_party=party)
    return [
        m
        for m in messages.filter(mine | ~Q(kind__in=REPORTER_MESSAGE_KINDS))
        if m.kind != Message.Kind.RESIDENT or m.author_party_id == party.pk
    ]


def _timeline(ticket: Ticket, party: Party, *, own: bool, message_ids: set[int]) -> list[dict]:
    rows = []
    for event in ticket.events.filter(is_public=True).select_related("actor"):
        if event.kind == TicketEvent.Kind.ATTACHMENT:
            continue
        if event.kind == TicketEvent.Kind.MESSAGE and event.data.get("message_id") not in message_ids:
            continue  # an internal note, or a followed ticket's reporter's own words
        title, lines = describe(event, for_staff=False)
        rows.append(
            {
                "at": _when(event.created_at),
                "who": str(who_for_resident(event, user_id=party.user_id)),
                "what": str(title),
                "details": [str(line) for line in lines],
                "message_id": event.data.get("message_id"),
            }
        )
    return rows


def _photos(ticket: Ticket, party: Party, *, own: bool) -> list[Attachment]:
    photos = ticket.attachments.filter(is_public=True).exclude(file="")
    if own:
        return list(photos)
    return list(photos.filter(uploaded_by_id=party.user_id)) if party.user_id else []


def _ticket(ticket: Ticket, party: Party, *, own: bool) -> tuple[dict, list[ExportFile]]:
    messages = _messages(ticket, party, own=own)
    photos = _photos(ticket, party, own=own)
    files = [ExportFile(f"photos/{ticket.reference}/{p.pk}-{p.original_name}", p.file) for p in photos]
    row = {
        "reference": ticket.reference,
        "your_role": "reporter" if own else "affected",
        "category": str(ticket.category),
        "item": str(ticket.item),
        "place": ticket.place_display,
        "status": ticket.get_status_display(),
        "status_reason": ticket.status_reason if own else "",
        "created_at": _when(ticket.created_at),
        "closed_at": _when(ticket.closed_at),
        "channel": ticket.get_channel_display(),
        "description": ticket.description,
        "messages": [
            {
                "at": _when(m.created_at),
                "kind": m.get_kind_display(),
                "from": str(_message_author(m, party)),
                "text": m.body,
            }
            for m in messages
        ],
        "timeline": _timeline(ticket, party, own=own, message_ids={m.pk for m in messages}),
        "photos": [f.path for f in files],
    }
    if own:
        row.update(
            answers=ticket.answers,
            location_note=ticket.location_note,
            availability=ticket.availability,
            reporter_contact={"name": ticket.reporter_name, "email": ticket.reporter_email},
            phone_to_contractor=ticket.phone_consent,
            email_on_progress=ticket.tracking_enabled,
        )
    return row, files


def _tickets(party: Party) -> tuple[list[dict], list[ExportFile]]:
    followed = AffectedParty.objects.filter(party=party).values("ticket_id")
    tickets = (
        Ticket.objects.filter(Q(reporter=party) | Q(pk__in=followed, visibility=Visibility.PUBLIC))
        .select_related("category", "item", "property", "unit__building")
        .defer("search_vector")
        .order_by("created_at", "id")
    )
    rows, files = [], []
    for ticket in tickets:
        row, ticket_files = _ticket(ticket, party, own=ticket.reporter_id == party.pk)
        rows.append(row)
        files += ticket_files
    return rows, files


def _change_requests(party: Party) -> list[dict]:
    return [
        {
            "kind": c.get_kind_display(),
            "state": c.get_state_display(),
            "requested_at": _when(c.created_at),
            "decided_at": _when(c.decided_at),
            "booked_at": _when(getattr(c, "booked_at", None)),
            "old_values": c.old_values,
            "new_values": c.new_values,
            "reason": c.reason,
        }
        for c in ChangeRequest.objects.filter(party=party).order_by("created_at")
    ]


def _documents(party: Party) -> tuple[list[dict], list[ExportFile]]:
    rows, files = [], []
    for document in Document.objects.filter(party=party).exclude(file="").order_by("created_at"):
        name = document.file.name.rsplit("/", 1)[-1]
        path = f"documents/{document.pk}-{name}"
        files.append(ExportFile(path, document.file))
        rows.append(
            {
                "title": document.title,
                "year": document.year,
                "provided_at": _when(document.created_at),
                "file": path,
            }
        )
    return rows, files


def _correspondence(party: Party) -> list[dict]:
    """E-mails and letters we wrote to them."""
    return [
        {
            "channel": m.get_channel_display(),
            "to": m.recipient_address,
            "subject": m.subject,
            "text": m.body_text,
            "written_at": _when(m.created_at),
            "sent_at": _when(m.sent_at),
        }
        for m in OutboxMessage.objects.filter(recipient_party=party).order_by("created_at", "id")
    ]


def export_content(party: Party) -> ExportContent:
    """Everything about `party`, ready for json.dumps, and the files to add."""
    from .export_processes import process_sections  # reads the process apps, which reuse ExportFile

    tickets, ticket_files = _tickets(party)
    documents, document_files = _documents(party)
    processes, process_files = process_sections(party)
    data = {
        "master_data": _party(party),
        **_roles(party),
        "bank_accounts": _bank_accounts(party),
        "tickets": tickets,
        "change_requests": _change_requests(party),
        "documents": documents,
        "correspondence": _correspondence(party),
        "sign_in_links": [
            {"requested_at": _when(link.created_at), "used_at": _when(link.used_at)}
            for link in MagicLink.objects.filter(party=party).order_by("created_at")
        ],
        "iban_views_by_staff": [
            {"at": _when(access.accessed_at), "purpose": access.purpose}
            for access in IbanAccess.objects.filter(party=party).order_by("accessed_at")
        ],
        **processes,
    }
    return ExportContent(data=data, files=ticket_files + document_files + process_files)
