"""Demo tickets with real timelines: created through `ticket_create` and moved by the workflow functions,
then backdated so the company looks like it has worked for a few months."""

import datetime as dt
import random

from django.utils import timezone

from catalogs.models import CatalogItem, ExtraField
from notifications.models import OutboxMessage
from tickets import workflow
from tickets.actors import Actor
from tickets.models import Channel, CommonArea, Message, Ticket, TicketEvent, Visibility
from tickets.overdue import mark_overdue_tickets
from tickets.services import message_add, ticket_create
from tickets.status import Status

from .company import Company
from .texts import (
    CONTRACTOR_MESSAGES,
    DESCRIPTIONS,
    INTERNAL_NOTES,
    REJECT_REASONS,
    STAFF_REPLIES,
    TENANT_MESSAGES,
)

SEED = 2026
DAYS_BACK = 150
CATEGORY_WEIGHTS = {"damage": 70, "complaint": 7, "nuisance": 8, "tenancy": 11, "general": 4}
# Target statuses by age: recent tickets are still being worked, old ones are mostly closed.
RECENT = {Status.OPEN: 30, Status.RELEASED: 20, Status.IN_PROGRESS: 20, Status.DONE: 25, Status.REJECTED: 5}
OLD = {Status.OPEN: 4, Status.RELEASED: 4, Status.IN_PROGRESS: 7, Status.DONE: 75, Status.REJECTED: 10}
# Where in the house a public report of each catalog group is: the lift is stuck in the lift, not in
# the stairwell. Groups not named here happen in the stairwell.
COMMON_AREAS = {
    "aufzug": CommonArea.LIFT,
    "tiefgarage": CommonArea.GARAGE,
    "aussenanlagen": CommonArea.COURTYARD,
    "schaedlinge": CommonArea.CELLAR,
    "sanitaer": CommonArea.CELLAR,
    "heizung": CommonArea.CELLAR,
    "feuchtigkeit": CommonArea.CELLAR,
    "fenster_tueren": CommonArea.ENTRANCE,
}


def build_tickets(company: Company, *, count: int = 300, now: dt.datetime | None = None) -> int:
    """Create `count` demo tickets unless the demo properties already have tickets; returns how many."""
    if Ticket.objects.filter(property__in=company.properties).exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(SEED)
    offers = {
        prop.pk: list(CatalogItem.objects.for_property(prop).select_related("group__category"))
        for prop in company.properties
    }
    extras = {}
    for extra in ExtraField.objects.all():
        extras.setdefault(extra.item_id, []).append(extra)
    moments = sorted(now - dt.timedelta(days=rng.uniform(0, DAYS_BACK)) for _ in range(count))
    for created in moments:
        tenancy = rng.choice(company.tenancies)
        prop = tenancy.unit.building.property
        item = _pick_item(rng, offers[prop.pk])
        ticket = _create(rng, company, tenancy, item, extras.get(item.pk, []), created)
        weights = RECENT if now - created < dt.timedelta(days=30) else OLD
        target = rng.choices(list(weights), weights=list(weights.values()))[0]
        _move(rng, company, ticket, target)
        _backdate(rng, ticket, created, now)
    mark_overdue_tickets(now=now)
    _history_sent(company, now)
    return count


def _history_sent(company: Company, now: dt.datetime) -> None:
    """The demo history lies in the past, so its e-mails and letters count as sent: whoever tries the demo
    finds their own mail (the sign-in link) in the mailbox, not hundreds of old notifications."""
    OutboxMessage.objects.filter(
        ticket__property__in=company.properties, state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.SENT, sent_at=now)


def _pick_item(rng: random.Random, items: list[CatalogItem]) -> CatalogItem:
    kind = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    return rng.choice([i for i in items if i.group.category.kind == kind])


def _create(rng, company: Company, tenancy, item: CatalogItem, extras, created) -> Ticket:
    party = tenancy.party
    channel = (
        rng.choice([Channel.PORTAL] * 3 + [Channel.PHONE, Channel.EMAIL])
        if party.user_id
        else (rng.choice([Channel.PHONE, Channel.EMAIL, Channel.LETTER]))
    )
    actor = Actor.for_party(party) if channel == Channel.PORTAL else Actor.for_user(company.staff["e.yilmaz"])
    public = item.may_be_public and rng.random() < 0.6
    in_flat = item.group.category.kind == "damage" and not public
    return ticket_create(
        actor=actor,
        item=item,
        prop=tenancy.unit.building.property,
        unit=tenancy.unit if in_flat or not public else None,
        common_area="" if in_flat or not public else COMMON_AREAS.get(item.group.code, CommonArea.STAIRCASE),
        description=rng.choice(DESCRIPTIONS[item.group.code]),
        channel=channel,
        reporter=party,
        answers={e.key: _answer(rng, e) for e in extras},
        visibility=Visibility.PUBLIC if public else Visibility.PRIVATE,
        availability="werktags ab 15 Uhr" if rng.random() < 0.5 else "",
        phone_consent=rng.random() < 0.5,
        now=created,
    )


def _answer(rng: random.Random, extra: ExtraField) -> str:
    if extra.kind == ExtraField.Kind.CHOICE:
        return rng.choice(extra.choice_list)
    return {
        ExtraField.Kind.IBAN: "DE89370400440532013000",
        ExtraField.Kind.DATE: "2027-03-31",
        ExtraField.Kind.NUMBER: "2025",
    }.get(extra.kind, "siehe Beschreibung")


def _move(rng: random.Random, company: Company, ticket: Ticket, target: str) -> None:
    lead = ticket.team.lead if ticket.team else None
    staff = Actor.for_user(ticket.assignee or lead or company.admin)
    if rng.random() < 0.3:
        message_add(ticket=ticket, actor=staff, kind=Message.Kind.INTERNAL, body=rng.choice(INTERNAL_NOTES))
    if target == Status.OPEN:
        return
    if target == Status.REJECTED:
        workflow.change_status(ticket, to=Status.REJECTED, actor=staff, reason=rng.choice(REJECT_REASONS))
        return
    worker = _release(rng, company, ticket, staff)
    message_add(ticket=ticket, actor=staff, kind=Message.Kind.PUBLIC, body=rng.choice(STAFF_REPLIES[:3]))
    if ticket.reporter and rng.random() < 0.4:
        message_add(
            ticket=ticket,
            actor=Actor.for_party(ticket.reporter),
            kind=Message.Kind.TENANT,
            body=TENANT_MESSAGES[0],
        )
    if target == Status.RELEASED:
        return
    workflow.change_status(ticket, to=Status.IN_PROGRESS, actor=worker)
    if worker.kind == "contractor":
        message_add(
            ticket=ticket, actor=worker, kind=Message.Kind.CONTRACTOR, body=rng.choice(CONTRACTOR_MESSAGES)
        )
    if target == Status.DONE:
        workflow.change_status(ticket, to=Status.DONE, actor=worker)
        message_add(ticket=ticket, actor=staff, kind=Message.Kind.PUBLIC, body=STAFF_REPLIES[3])


def _release(rng: random.Random, company: Company, ticket: Ticket, staff: Actor) -> Actor:
    """Hand the work on; returns who then does it."""
    if ticket.status == Status.RELEASED:  # a workflow rule already released it automatically
        return Actor.for_contractor(ticket.contractor)
    if ticket.contractor_id:
        workflow.release(ticket, actor=staff, contractor=ticket.contractor)
        return Actor.for_contractor(ticket.contractor)
    has_caretaker = ticket.property.caretakers.exists()
    if ticket.category.kind == "damage" and has_caretaker and rng.random() < 0.5:
        workflow.release(ticket, actor=staff, caretaker=company.caretaker)
        return Actor.for_party(company.caretaker)
    colleague = ticket.assignee or staff.user
    workflow.release(ticket, actor=staff, assignee=colleague)
    return Actor.for_user(colleague)


def _backdate(rng: random.Random, ticket: Ticket, created: dt.datetime, now: dt.datetime) -> None:
    """Spread the timeline from `created` on, as if it had happened then (auto_now_add stamped it now)."""
    events = list(ticket.events.order_by("id"))
    # Young tickets squeeze their timeline into the time they have had; old ones take up to three days a step.
    step_hours = min(72.0, (now - created).total_seconds() / 3600 / len(events))
    when = created
    times = {}
    for index, event in enumerate(events):
        if index and event.actor_label == "System":  # automatic steps follow at once
            when += dt.timedelta(seconds=rng.uniform(1, 30))
        elif index:
            when = min(when + dt.timedelta(hours=rng.uniform(0.1, 1) * step_hours), now)
        event.created_at = when
        if event.kind == TicketEvent.Kind.MESSAGE:
            times[event.data["message_id"]] = when
    TicketEvent.objects.bulk_update(events, ["created_at"])
    for message_id, moment in times.items():
        Message.objects.filter(pk=message_id).update(created_at=moment)
    closed = when if ticket.status in Status.closed() else None
    Ticket.objects.filter(pk=ticket.pk).update(created_at=created, updated_at=when, closed_at=closed)
