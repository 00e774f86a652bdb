"""What our data says for a certificate: the home and the people in it, the rent the tenancy agreement
names, and the rent account as the ERP last reported it. Reads only; certificates.services decides."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from estate.models import Ownership, Party, Tenancy
from letting.models import Letting
from payments.arrears import open_arrear
from payments.models import Arrear
from payments.plans import open_plan


def home_of(party: Party, *, on: dt.date | None = None) -> Tenancy | None:
    """The person's current tenancy of a home (a flat; a parking space is no home), the newest first."""
    return (
        Tenancy.objects.current(on)
        .filter(party=party, unit__kind="flat")
        .select_related("unit__building")
        .order_by("-start", "-pk")
        .first()
    )


def household_of(tenancy: Tenancy, *, on: dt.date) -> list[Party]:
    """The tenants of the same contract in the same home on the day `on`, the tenancy's own first: the
    persons a Wohnungsgeberbestätigung names and a Mietbescheinigung counts. We keep no other household
    members, so the tenants are all we can certify."""
    rows = Tenancy.objects.current(on).filter(unit_id=tenancy.unit_id).select_related("party")
    if tenancy.contract_number:
        rows = rows.filter(contract_number=tenancy.contract_number)
    parties = [tenancy.party] + [
        r.party for r in rows.order_by("start", "pk") if r.party_id != tenancy.party_id
    ]
    return parties


def owner_of(tenancy: Tenancy, *, on: dt.date) -> Party | None:
    """The owner of the home where it is not the company itself (a flat we manage for its owner)."""
    row = Ownership.objects.current(on).filter(unit_id=tenancy.unit_id).select_related("party").first()
    return row.party if row else None


def tenancy_since(tenancy: Tenancy) -> dt.date:
    """The first day of the person's living in this home under this contract (a co-tenant: their own)."""
    return tenancy.start


@dataclass(frozen=True)
class RentFigures:
    rent_net: Decimal | None
    operating_costs: Decimal | None
    heating_costs: Decimal | None


def rent_of(tenancy: Tenancy) -> RentFigures:
    """The rent the concluded tenancy agreement names. The agreement knows no separate heating-cost
    prepayment, so that figure is always left to the case worker."""
    letting = (
        Letting.objects.filter(state=Letting.State.CONCLUDED, unit_id=tenancy.unit_id)
        .filter(contract_number=tenancy.contract_number or None)
        .order_by("-start", "-pk")
        .first()
    )
    if letting is None:
        return RentFigures(None, None, None)
    return RentFigures(letting.rent_net, letting.operating_costs, None)


@dataclass(frozen=True)
class Statement:
    """The rent account as the ERP last reported it: what is owed (0 when nothing) and the report's day;
    `as_of` None when the ERP never reported this person."""

    owed: Decimal
    as_of: dt.date | None
    plan_running: bool


def statement_of(party: Party, *, today: dt.date | None = None) -> Statement:
    today = today or timezone.localdate()
    arrear = open_arrear(party, on=today)
    plan_running = open_plan(party) is not None
    if arrear is not None:
        return Statement(owed=arrear.amount, as_of=arrear.as_of, plan_running=plan_running)
    last = Arrear.objects.filter(party=party, as_of__lte=today).aggregate(day=Max("as_of"))["day"]
    return Statement(owed=Decimal("0.00"), as_of=last, plan_running=plan_running)
