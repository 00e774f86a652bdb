"""What the retention rules let go of the customer processes (payments, lettings, subscriptions, contract
changes, home swaps): one queryset per kind of record, like privacy.retention, whose plan lists them.

Kept documents are kept whole until their clock has run: a signed tenancy agreement (and an approved
addendum to it) for the tenancy's duration and then the rule's years (§ 147 AO, § 257 HGB), counted from the
end of the tenancy. A letting that never became a contract (withdrawn, or an offer whose start day passed
unsigned) is no contract and no voucher: it goes some months after it ended, whatever the rule's years
(Art. 5 Abs. 1 e DSGVO). Payment records as booking vouchers from their settling. A legal hold on any party
of the record keeps it."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from certificates.models import Certificate
from contracts.models import ContactPerson, ContractChange
from estate.models import Tenancy
from letting.models import Letting
from payments.models import Arrear, PaymentMethodChange, PaymentPlan, PaymentRequest, SepaMandate
from payments.schedule import add_months
from permits.models import Permit
from processes.models import Process
from subscriptions.models import Subscription
from swaps.models import HomeSwap

from .retention import held_party_ids, not_done


def _free(queryset: QuerySet, *party_fields: str) -> QuerySet:
    for field in party_fields:
        queryset = queryset.exclude(**{f"{field}__in": held_party_ids()})
    return not_done(queryset)


# How long an offer that never became a contract is kept after it ended (withdrawn, or lapsed at its start
# day): time to answer the applicant's questions about it, not the contract's ten years.
NEVER_CONCLUDED_KEPT_MONTHS = 6


def due_lettings(cutoff: dt.datetime, *, today: dt.date | None = None) -> QuerySet:
    ended = Letting.objects.filter(state=Letting.State.CONCLUDED, tenancy__end__lt=cutoff.date())
    day = add_months(today or timezone.localdate(), -NEVER_CONCLUDED_KEPT_MONTHS)
    before = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    never_concluded = Letting.objects.never_concluded(before=before)
    return _free(ended | never_concluded, "party_id")


def due_payment_requests(cutoff: dt.datetime) -> QuerySet:
    settled = PaymentRequest.objects.exclude(state=PaymentRequest.State.OPEN)
    settled = settled.annotate(clock=Coalesce("paid_at", "created_at")).filter(clock__lt=cutoff)
    return _free(settled, "party_id")


def due_mandates(cutoff: dt.datetime) -> QuerySet:
    ended = SepaMandate.objects.filter(state__in=(SepaMandate.State.ENDED, SepaMandate.State.REJECTED))
    return _free(
        ended.annotate(clock=Coalesce("ended_at", "created_at")).filter(clock__lt=cutoff), "party_id"
    )


def due_payment_method_changes(cutoff: dt.datetime) -> QuerySet:
    decided = PaymentMethodChange.objects.exclude(state=PaymentMethodChange.State.PENDING)
    decided = decided.annotate(clock=Coalesce("booked_at", "decided_at", "created_at")).filter(
        clock__lt=cutoff
    )
    return _free(decided, "party_id")


def due_arrears(cutoff: dt.datetime) -> QuerySet:
    return _free(Arrear.objects.filter(as_of__lt=cutoff.date()), "party_id")


def due_payment_plans(cutoff: dt.datetime) -> QuerySet:
    closed = PaymentPlan.objects.exclude(state__in=PaymentPlan.OPEN_STATES)
    closed = closed.annotate(clock=Coalesce("ended_at", "decided_at", "created_at")).filter(clock__lt=cutoff)
    return _free(closed, "party_id")


def due_subscriptions(cutoff: dt.datetime) -> QuerySet:
    over = Subscription.objects.exclude(state__in=Subscription.HOLDING)
    over = over.filter(Q(ends_on__lt=cutoff.date()) | Q(ends_on__isnull=True, changed_at__lt=cutoff))
    return _free(over, "party_id")


def due_contract_changes(cutoff: dt.datetime) -> QuerySet:
    """An approved change is part of the agreement: kept as long as it; a refused or withdrawn one from its
    decision."""
    approved = Q(state=ContractChange.State.APPROVED, tenancy__end__lt=cutoff.date())
    not_made = ~Q(state__in=(ContractChange.State.APPROVED, ContractChange.State.PENDING))
    changes = ContractChange.objects.annotate(clock=Coalesce("decided_at", "created_at")).filter(
        approved | (not_made & Q(clock__lt=cutoff))
    )
    return _free(changes, "requested_by_id", "person_id")


def due_contact_persons(cutoff: dt.datetime) -> QuerySet:
    """A contact person replaced or whose tenancy ended before the cutoff."""
    over = ContactPerson.objects.filter(Q(valid_until__lt=cutoff) | Q(tenancy__end__lt=cutoff.date()))
    return _free(over, "tenancy__party_id")


def due_swaps(cutoff: dt.datetime) -> QuerySet:
    ended = HomeSwap.objects.filter(
        process__state__in=(Process.State.DONE, Process.State.CANCELLED),
        process__ended_at__lt=cutoff,
    )
    return _free(ended, "applicant_id", "partner_id")


def due_certificates(cutoff: dt.datetime) -> QuerySet:
    """A certificate is a document of the person: it goes with the documents' rule, from its decision; a
    request still waiting stays."""
    decided = Certificate.objects.exclude(state=Certificate.State.PENDING)
    decided = decided.annotate(clock=Coalesce("decided_at", "requested_at")).filter(clock__lt=cutoff)
    return _free(decided, "party_id")


def due_permits(cutoff: dt.datetime) -> QuerySet:
    """An Erlaubnis is part of the tenancy agreement: kept while it is in force and the tenancy runs, then
    the rule's years from its end (revoked, expired, or the tenant's tenancy of that home ended)."""
    day = cutoff.date()
    lives_there = Tenancy.objects.filter(party=OuterRef("party"), unit=OuterRef("unit")).filter(
        Q(end__isnull=True) | Q(end__gte=day)
    )
    ended = Permit.objects.filter(Q(revoked_at__lt=cutoff) | Q(valid_until__lt=day) | ~Exists(lives_there))
    return _free(ended, "party_id")


def kept_document_files() -> list[QuerySet]:
    """The file names of contracts, addenda and mandates still kept: the copy among the party's documents
    (estate.Document, the same file) is not deleted before the record it belongs to."""
    return [
        not_done(Letting.objects.exclude(sealed_pdf="")).values("sealed_pdf"),
        not_done(Letting.objects.exclude(contract_pdf="")).values("contract_pdf"),
        not_done(ContractChange.objects.exclude(addendum="")).values("addendum"),
        not_done(SepaMandate.objects.exclude(document="")).values("document"),
    ]


def party_has_kept_records() -> list[Exists]:
    """Conditions for privacy.retention.due_parties: a party with any of these records not yet
    anonymised waits for them (their name is still part of a kept contract or voucher)."""
    me = OuterRef("pk")
    kept = [
        Letting.objects.filter(party=me),
        PaymentRequest.objects.filter(party=me),
        SepaMandate.objects.filter(party=me),
        PaymentMethodChange.objects.filter(party=me),
        Arrear.objects.filter(party=me),
        PaymentPlan.objects.filter(party=me),
        Subscription.objects.filter(party=me),
        ContractChange.objects.filter(Q(requested_by=me) | Q(person=me)),
        ContactPerson.objects.filter(tenancy__party=me),
        HomeSwap.objects.filter(Q(applicant=me) | Q(partner=me)),
        Certificate.objects.filter(party=me),
        Permit.objects.filter(party=me),
    ]
    return [Exists(not_done(queryset)) for queryset in kept]
