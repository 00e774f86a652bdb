"""Mietrückstand: the one door to "does this person owe rent?" (the home swap's pre-check, the payment
arrangement's proposal, the 360° view). The ERP reports the amounts (api/routers/arrears.py →
`arrear_report`); a running payment arrangement does not clear an arrear: the ERP lowers it as money
comes in.

    in_arrears(party, on=None)            any amount outstanding, as of `on` (today by default)
    open_arrear(party, on=None)           the person's arrear (the sum over their tenancies), or None
    parties_in_arrears(ids, on=None)      of many people, those in arrears: one query
    Arrear.objects.open(on=...).of_parties(ids)   the same as a queryset
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from estate.models import Party, Tenancy

from .models import Arrear


@dataclass(frozen=True)
class OpenArrear:
    """What a person owes, summed over their tenancies, and the date of the latest report."""

    party_id: int
    amount: Decimal
    as_of: dt.date


def in_arrears(party: Party, *, on: dt.date | None = None) -> bool:
    return Arrear.objects.open(on=on).filter(party=party).exists()


def open_arrear(party: Party, *, on: dt.date | None = None) -> OpenArrear | None:
    """The person's outstanding amount (all their tenancies), or None when they owe nothing: one query."""
    found = Arrear.objects.open(on=on).filter(party=party).aggregate(amount=Sum("amount"), as_of=Max("as_of"))
    if not found["amount"]:
        return None
    return OpenArrear(party_id=party.pk, amount=found["amount"], as_of=found["as_of"])


def parties_in_arrears(party_ids, *, on: dt.date | None = None) -> set[int]:
    """Of these people (ids or a queryset), the ids of those in arrears: one query whatever the count."""
    return set(Arrear.objects.open(on=on).of_parties(party_ids).values_list("party_id", flat=True).distinct())


class ArrearError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@transaction.atomic
def arrear_report(
    party: Party,
    *,
    amount: Decimal,
    as_of: dt.date | None = None,
    tenancy: Tenancy | None = None,
    external_id: str | None = None,
    reported_by: str = "",
) -> tuple[Arrear, bool]:
    """Record what the ERP reports for a person (and tenancy): replaces the last report of the same key;
    an older report than the one stored is ignored (the ERP may send out of order). Returns the arrear
    and whether it was created."""
    from django.utils.translation import gettext as _

    if amount < 0:
        raise ArrearError(_("Der Rückstand darf nicht negativ sein."))
    if tenancy is not None and tenancy.party_id != party.pk:
        raise ArrearError(_("Das Mietverhältnis gehört nicht zu dieser Person."))
    as_of = as_of or timezone.localdate()
    arrear = Arrear.objects.select_for_update().filter(party=party, tenancy=tenancy).first()
    created = arrear is None
    if created:
        arrear = Arrear(party=party, tenancy=tenancy)
    elif as_of < arrear.as_of:
        return arrear, False
    arrear.amount = amount
    arrear.as_of = as_of
    arrear.reported_by = reported_by
    if external_id is not None:
        arrear.external_id = external_id or None
    arrear.save()
    return arrear, created
