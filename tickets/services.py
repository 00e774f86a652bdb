"""Writes that span models. `ticket_create` is the one way a ticket comes into being, whatever the channel."""

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogs.models import CatalogItem
from catalogs.routing import route, workflow_rule_for
from estate.models import Party, Property, Unit

from . import change_requests, documents, watchers, workflow
from .actors import Actor
from .attachments import attachment_record
from .due import due_times
from .errors import InvalidTicket
from .models import AffectedParty, Awaiting, Channel, Message, Ticket, TicketEvent, Visibility
from .references import next_reference
from .search import refresh_search_vector
from .status import Status
from .uploads import CleanImage, attachments_add, photos_file


@transaction.atomic
def ticket_create(
    *,
    actor: Actor,
    item: CatalogItem,
    prop: Property,
    description: str,
    channel: str = Channel.PORTAL,
    unit: Unit | None = None,
    common_area: str = "",
    location_note: str = "",
    reporter: Party | None = None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    subject_party: Party | None = None,
    answers: dict | None = None,
    visibility: str = Visibility.PRIVATE,
    is_anonymous: bool = False,
    priority: str | None = None,
    availability: str = "",
    phone_consent: bool = False,
    images: Sequence[CleanImage] = (),
    process: str = "",
    now=None,
) -> Ticket:
    """Store a new ticket: numbered, routed, with its due times, its photos (checked by
    tickets.uploads), its contractor where a workflow rule names one (released at once where the rule
    says so), and its first timeline rows. All of it or nothing: a photo the storage cannot take raises
    AttachmentNotStored and leaves no ticket, no number used and no mail. `process`: the code of the process
    template the ticket is made to carry (processes.engine.start), kept on the CREATED row so the
    notification rules know at once that the process's own mails speak for it."""
    now = now or timezone.now()
    _check_report(
        item=item,
        prop=prop,
        unit=unit,
        reporter=reporter,
        reporter_name=reporter_name,
        visibility=visibility,
        is_anonymous=is_anonymous,
        description=description,
    )
    priority = priority or item.default_priority
    respond_by, due_at = due_times(
        priority=priority,
        state=prop.state,
        start=now,
        respond_hours=item.respond_within_hours,
        resolve_hours=item.resolve_within_hours,
    )
    target = route(prop=prop, item=item, when=now)
    rule = workflow_rule_for(prop=prop, item=item)
    # The reference number comes from a per-year counter row that stays locked from its UPDATE until
    # commit, so every other report of the year waits that long: it is taken after everything slow or
    # fallible (the checks, routing, writing the photos to storage). Not at the very end, though: the
    # rows after it print the number (the confirmation mail and the assignee's notice are rendered into
    # the outbox when the CREATED row is recorded; the search vector holds it). Until then the row
    # carries a provisional reference that is unique by construction, so the unique index makes no one
    # wait, and no one outside this transaction ever sees it.
    ticket = Ticket.objects.create(
        reference=f"neu-{uuid.uuid4().hex[:16]}",
        category=item.group.category,
        item=item,
        property=prop,
        unit=unit,
        common_area=common_area,
        location_note=location_note,
        reporter=reporter,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
        reporter_phone=reporter_phone,
        subject_party=subject_party,
        channel=channel,
        visibility=visibility,
        is_anonymous=is_anonymous and visibility == Visibility.PUBLIC,
        priority=priority,
        respond_by=respond_by,
        due_at=due_at,
        team=target.team,
        assignee=target.user,
        answers=answers or {},
        description=description.strip(),
        availability=availability,
        phone_consent=phone_consent,
    )
    # Written now, recorded on the timeline after the CREATED row so the timeline reads in order.
    photos = photos_file(ticket=ticket, images=images, actor=actor)
    ticket.reference = next_reference(now=now)
    Ticket.objects.filter(pk=ticket.pk).update(reference=ticket.reference)
    workflow.record(
        ticket,
        kind=TicketEvent.Kind.CREATED,
        actor=actor,
        is_public=True,
        channel=channel,
        team=str(target.team or ""),
        assignee=str(target.user or ""),
        deputy_for=str(target.deputised_for or ""),
        **({"process": process} if process else {}),
    )
    for photo in photos:
        attachment_record(photo, actor=actor)
    if rule is not None:
        if rule.auto_release:
            workflow.release(
                ticket,
                actor=Actor.system(),
                contractor=rule.contractor,
                caretaker=rule.caretaker,
                contractor_may_progress=rule.contractor_may_progress,
                note=str(rule),
            )
        else:
            # The rule proposes its contractor or caretaker and a case worker releases the work. Until then
            # neither sees the job: links and "Meine Aufträge" open only what was released.
            ticket.contractor = rule.contractor
            ticket.caretaker = rule.caretaker
            ticket.contractor_may_progress = rule.contractor_may_progress
            ticket.save(update_fields=["contractor", "caretaker", "contractor_may_progress"])
    if item.change_request_kind:
        change_requests.change_request_on_create(ticket, actor=actor)
    if item.document_delivery:
        documents.document_request_on_create(ticket)
    refresh_search_vector([ticket.pk])
    return ticket


def _check_report(
    *, item, prop, unit, reporter, reporter_name, visibility, is_anonymous, description
) -> None:
    if unit is not None and unit.building.property_id != prop.pk:
        raise InvalidTicket(_("Die Mieteinheit gehört nicht zu dieser Liegenschaft."))
    if reporter is None and not reporter_name.strip():
        raise InvalidTicket(_("Eine Meldung braucht eine meldende Person."))
    if not description.strip():
        raise InvalidTicket(_("Bitte beschreiben Sie das Anliegen."))
    if visibility == Visibility.PUBLIC and not item.may_be_public:
        raise InvalidTicket(_("Dieses Anliegen kann nicht öffentlich gemeldet werden."))
    missing = item.required_features.exclude(properties=prop)
    if missing.exists():
        raise InvalidTicket(_("Dieses Anliegen gibt es in dieser Liegenschaft nicht."))


@transaction.atomic
def ticket_add_affected(*, ticket: Ticket, party: Party) -> AffectedParty:
    """ "Betrifft mich auch": join a public, open ticket instead of reporting it again. Idempotent."""
    if ticket.visibility != Visibility.PUBLIC or ticket.status not in Status.active():
        raise InvalidTicket(_("Diese Meldung kann nicht mehr ergänzt werden."))
    affected, created = AffectedParty.objects.get_or_create(ticket=ticket, party=party)
    if created:
        workflow.record(
            ticket, kind=TicketEvent.Kind.AFFECTED, actor=Actor.for_party(party), party_id=party.pk
        )
    return affected


@transaction.atomic
def message_add(
    *,
    ticket: Ticket,
    actor: Actor,
    kind: str,
    body: str,
    images: Sequence[CleanImage] = (),
    caller: str = "",
    direction: str = "",
    duration_minutes=None,
) -> Message:
    """A reply, note, phone note or tenant message on a ticket, with its photos (checked by
    tickets.uploads) and its timeline rows. All of it or nothing: a photo the storage cannot take raises
    AttachmentNotStored and leaves no message and no mail."""
    if not body.strip():
        raise InvalidTicket(_("Die Nachricht ist leer."))
    staff_only = {Message.Kind.PUBLIC, Message.Kind.INTERNAL, Message.Kind.PHONE}
    if kind in staff_only and not actor.is_staff:
        raise InvalidTicket(_("Diese Nachricht dürfen nur Mitarbeitende schreiben."))
    # A closed ticket is done for the tenant; anything new is a new report, which gets its own number,
    # routing and due time. Staff may still write (a late answer, a note), and an e-mail that arrives
    # (EMAIL_IN) is kept wherever it belongs: it was sent already.
    if kind == Message.Kind.TENANT and not actor.is_staff and ticket.status in Status.closed():
        raise InvalidTicket(
            _(
                "Diese Meldung ist abgeschlossen; Nachrichten dazu sind nicht mehr möglich. "
                "Wenn das Anliegen weiter besteht, erstellen Sie bitte eine neue Meldung."
            )
        )
    message = Message.objects.create(
        ticket=ticket,
        kind=kind,
        author=actor.user if actor.user and actor.user.pk else None,
        author_party=actor.party,
        author_label=actor.label,
        body=body.strip(),
        caller=caller,
        direction=direction,
        duration_minutes=duration_minutes,
    )
    _note_whose_turn(ticket, message)
    workflow.record(
        ticket,
        kind=TicketEvent.Kind.MESSAGE,
        actor=actor,
        is_public=message.is_public,
        message_id=message.pk,
        message_kind=kind,
    )
    if kind == Message.Kind.INTERNAL:
        watchers.watchers_mention(ticket=ticket, actor=actor, body=message.body)
    if images:
        attachments_add(ticket=ticket, images=images, actor=actor, message=message)
    refresh_search_vector([ticket.pk])
    return message


# Whose turn it is after a public message; a neighbour's comment changes nothing.
WHOSE_TURN = {
    Message.Kind.TENANT: Awaiting.US,
    Message.Kind.EMAIL_IN: Awaiting.US,
    Message.Kind.PUBLIC: Awaiting.TENANT,
    Message.Kind.EMAIL_OUT: Awaiting.TENANT,
}


def _note_whose_turn(ticket: Ticket, message: Message) -> None:
    """Keep `Ticket.awaiting` current for the queue's marker. Not a versioned change: nobody edits it,
    and a reply must not make a colleague's open page stale."""
    awaiting = WHOSE_TURN.get(message.kind)
    if awaiting is not None and ticket.awaiting != awaiting:
        Ticket.objects.filter(pk=ticket.pk).update(awaiting=awaiting)
        ticket.awaiting = awaiting


@transaction.atomic
def follow_up_add(
    *,
    ticket: Ticket,
    actor: Actor,
    due_on,
    note: str = "",
    owner=None,
    expected_version: int | None = None,
):
    """Wiedervorlage: a date on which the team looks at the ticket again, with its timeline row.
    Set for a colleague (`owner`) it is a task for her: handed over from the start, so she hears of it
    and it is in her calendar and reminders. Refused (StaleTicket) when the ticket changed since the
    case worker loaded it."""
    from .models import FollowUp

    # Set by staff it is theirs; set by the system or for a tenant (a low rating) it is the case worker's.
    owner = owner or (actor.user if actor.is_staff else ticket.assignee)
    if owner is not None and not (owner.is_staff and owner.is_active):
        raise InvalidTicket(_("Wiedervorlagen gehen nur an aktive Kolleginnen und Kollegen."))
    workflow.check_version(ticket, expected_version)
    follow_up = FollowUp.objects.create(
        ticket=ticket,
        due_on=due_on,
        note=note.strip(),
        created_by=actor.user,
        owner=owner,
        team=ticket.team,
    )
    handed = {}
    if owner is not None and owner != actor.user:
        handed = {"action": "handed_over", "follow_up_id": follow_up.pk, "to_id": owner.pk, "to": str(owner)}
    workflow.record(
        ticket,
        kind=TicketEvent.Kind.FOLLOW_UP,
        actor=actor,
        due_on=due_on.isoformat(),
        note=note.strip(),
        **handed,
    )
    return follow_up


@transaction.atomic
def ticket_retitle(*, ticket: Ticket, actor: Actor, title: str, expected_version: int | None = None) -> None:
    """Staff's own title for the case (empty: the catalog item's wording again), with its timeline row.
    Refused (StaleTicket) when the ticket changed since the case worker loaded it."""
    title = " ".join(title.split())[:200]
    if not actor.is_staff:
        raise InvalidTicket(_("Den Titel ändern nur Mitarbeitende."))
    if title == ticket.title:
        workflow.check_version(ticket, expected_version)
        return
    previous = ticket.title
    workflow.save_versioned(ticket, expected_version=expected_version, title=title)
    workflow.record(ticket, kind=TicketEvent.Kind.TITLE, actor=actor, old=previous, new=title)
