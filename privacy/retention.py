"""What the retention rules let go today: one queryset per kind of record, each leaving out what a legal
hold keeps and what was anonymised before. The preview counts them; the run (privacy.anonymise) changes
them. Every period counts from the end of the year its clock started in (RetentionRule.cutoff)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from estate.models import RESIDENT_ROLES, Document, Party
from notifications.models import DeliveryEvent, InboundMail, OutboxMessage, PrintBatch
from tickets.models import AffectedParty, ChangeRequest, Ticket
from tickets.status import Status

from .models import Anonymised, LegalHold, RetentionRule

Kind = RetentionRule.Kind


def not_done(queryset: QuerySet) -> QuerySet:
    done = Anonymised.objects.filter(model=queryset.model._meta.label, object_id=OuterRef("pk"))
    return queryset.filter(~Exists(done))


def held_party_ids() -> QuerySet:
    return LegalHold.objects.active().filter(party__isnull=False).values("party_id")


def held_ticket_ids() -> QuerySet:
    """Tickets held themselves, or by a hold on their reporter, the party complained about or a follower."""
    parties = held_party_ids()
    return Ticket.objects.filter(
        Q(pk__in=LegalHold.objects.active().filter(ticket__isnull=False).values("ticket_id"))
        | Q(reporter_id__in=parties)
        | Q(subject_party_id__in=parties)
        | Q(pk__in=AffectedParty.objects.filter(party_id__in=parties).values("ticket_id"))
    ).values("pk")


def due_tickets(cutoff: dt.datetime) -> QuerySet:
    return not_done(
        Ticket.objects.filter(status__in=Status.closed(), closed_at__lt=cutoff).exclude(
            pk__in=held_ticket_ids()
        )
    )


def _not_held(queryset: QuerySet, *, party_field: str, ticket_field: str | None = "ticket_id") -> QuerySet:
    queryset = queryset.exclude(**{f"{party_field}__in": held_party_ids()})
    if ticket_field:
        queryset = queryset.exclude(**{f"{ticket_field}__in": held_ticket_ids()})
    return queryset


def due_outbox(cutoff: dt.datetime, channel: str) -> QuerySet:
    messages = OutboxMessage.objects.filter(channel=channel, created_at__lt=cutoff)
    return not_done(_not_held(messages, party_field="recipient_party_id"))


def due_inbound(cutoff: dt.datetime) -> QuerySet:
    mails = InboundMail.objects.filter(received_at__lt=cutoff)
    return not_done(_not_held(mails, party_field="party_id"))


def due_delivery_events(cutoff: dt.datetime) -> QuerySet:
    # A delivery event names an address, not a party: a held party's address keeps its events.
    held_addresses = Party.objects.filter(pk__in=held_party_ids()).exclude(email="").values("email")
    events = DeliveryEvent.objects.filter(received_at__lt=cutoff).exclude(recipient="")
    return not_done(events.exclude(recipient__in=held_addresses))


def due_print_batches(cutoff: dt.datetime) -> QuerySet:
    held_letters = OutboxMessage.objects.filter(
        Q(recipient_party_id__in=held_party_ids()) | Q(ticket_id__in=held_ticket_ids())
    )
    batches = PrintBatch.objects.filter(created_at__lt=cutoff).exclude(
        items__message__in=held_letters.values("pk")
    )
    return not_done(batches)


def _clock_fields(model) -> list[str]:
    """A change request's clock starts when it was booked in the ERP, else decided, else asked for
    (`booked_at` only where the ERP booking exists in this installation's schema)."""
    names = {f.name for f in model._meta.get_fields()}
    return [name for name in ("booked_at", "decided_at", "created_at") if name in names]


def due_change_requests(cutoff: dt.datetime, *, bookings: bool) -> QuerySet:
    kind = Q(kind=ChangeRequest.Kind.BANK_ACCOUNT)
    requests = (
        ChangeRequest.objects.filter(kind if bookings else ~kind)
        .exclude(state=ChangeRequest.State.PENDING)
        .annotate(clock=Coalesce(*_clock_fields(ChangeRequest)))
        .filter(clock__lt=cutoff)
    )
    return not_done(_not_held(requests, party_field="party_id"))


def due_documents(cutoff: dt.datetime) -> QuerySet:
    from . import process_retention

    documents = Document.objects.filter(created_at__lt=cutoff).exclude(party_id__in=held_party_ids())
    for kept in process_retention.kept_document_files():
        documents = documents.exclude(file__in=kept)
    return documents


def due_parties(cutoff: dt.datetime) -> QuerySet:
    """Former residents: every role ended before the cutoff, none still running, and nothing of theirs
    left that another rule still keeps (tickets, change requests, documents, mail, the customer processes'
    contracts and vouchers)."""
    from . import process_retention  # which builds on this module's holds

    parties = Party.objects.exclude(pk__in=held_party_ids())
    had_role = Q()
    for role in RESIDENT_ROLES:
        roles = role.objects.filter(party=OuterRef("pk"))
        had_role |= Exists(roles)
        parties = parties.exclude(Exists(roles.filter(Q(end__isnull=True) | Q(end__gte=cutoff.date()))))
    kept_requests = not_done(ChangeRequest.objects.filter(party=OuterRef("pk")))
    for kept in process_retention.party_has_kept_records():
        parties = parties.exclude(kept)
    return not_done(
        parties.filter(had_role)
        .exclude(Exists(Ticket.objects.filter(Q(reporter=OuterRef("pk")) | Q(subject_party=OuterRef("pk")))))
        .exclude(Exists(kept_requests))
        .exclude(Exists(Document.objects.filter(party=OuterRef("pk"))))
        .exclude(Exists(OutboxMessage.objects.filter(recipient_party=OuterRef("pk"))))
        .exclude(Exists(InboundMail.objects.filter(party=OuterRef("pk"))))
    )


@dataclass(frozen=True)
class Due:
    """One kind of record the run handles: the rule it follows and what that rule lets go now."""

    name: str
    rule: Kind
    queryset: QuerySet


def due_records(rules: dict[str, RetentionRule], today: dt.date | None = None) -> list[Due]:
    """In the order the run works: a party comes last, once its last record has gone."""

    def cutoff(kind: Kind) -> dt.datetime:
        return rules[kind].cutoff(today)

    from . import process_retention

    found = []
    plan = [
        ("tickets", Kind.TICKET, lambda c: due_tickets(c)),
        ("emails", Kind.EMAIL, lambda c: due_outbox(c, OutboxMessage.Channel.EMAIL)),
        ("delivery_events", Kind.EMAIL, due_delivery_events),
        ("letters", Kind.LETTER, lambda c: due_outbox(c, OutboxMessage.Channel.LETTER)),
        ("print_batches", Kind.LETTER, due_print_batches),
        ("inbound_mails", Kind.INBOUND, due_inbound),
        ("bank_change_requests", Kind.BOOKING, lambda c: due_change_requests(c, bookings=True)),
        ("change_requests", Kind.CHANGE_REQUEST, lambda c: due_change_requests(c, bookings=False)),
        ("documents", Kind.DOCUMENT, due_documents),
        ("lettings", Kind.LETTING, lambda c: process_retention.due_lettings(c, today=today)),
        ("payment_requests", Kind.PAYMENT, process_retention.due_payment_requests),
        ("sepa_mandates", Kind.PAYMENT, process_retention.due_mandates),
        ("payment_method_changes", Kind.PAYMENT, process_retention.due_payment_method_changes),
        ("arrears", Kind.PAYMENT, process_retention.due_arrears),
        ("payment_plans", Kind.PAYMENT, process_retention.due_payment_plans),
        ("subscriptions", Kind.SUBSCRIPTION, process_retention.due_subscriptions),
        ("contract_changes", Kind.CONTRACT_CHANGE, process_retention.due_contract_changes),
        ("contact_persons", Kind.CONTRACT_CHANGE, process_retention.due_contact_persons),
        ("home_swaps", Kind.SWAP, process_retention.due_swaps),
        ("certificates", Kind.DOCUMENT, process_retention.due_certificates),
        ("permits", Kind.CONTRACT_CHANGE, process_retention.due_permits),
        ("parties", Kind.PARTY, due_parties),
    ]
    for name, kind, queryset in plan:
        if kind in rules:
            found.append(Due(name=name, rule=kind, queryset=queryset(cutoff(kind))))
    return found


def preview(today: dt.date | None = None, *, active_only: bool = False) -> dict[str, int]:
    """How many records each kind would change if the run happened now (parties: before this run's
    other changes, so a party whose last ticket goes tonight is counted the night after)."""
    rules = RetentionRule.objects.all()
    if active_only:
        rules = rules.filter(active=True)
    return {due.name: due.queryset.count() for due in due_records({r.kind: r for r in rules}, today)}
