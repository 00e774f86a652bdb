"""Arrears (Mietrückstände) for the ERP: it reports what a tenant owes, per tenancy (`PUT
/arrears/tenancies/{external_id}`) or for the person as a whole (`PUT /arrears/parties/{external_id}`);
each report replaces the last one of the same key, an older `as_of` than the stored one is ignored, an
amount of 0 clears the arrear. The portal offers a payment arrangement (Ratenzahlung) for it and the home
swap checks it (payments.arrears)."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from estate.models import Party, Tenancy
from payments.arrears import ArrearError, arrear_report
from payments.models import Arrear

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["arrears"], auth=IntegrationAuth(Scope.PAYMENTS))


class ArrearIn(In):
    amount: Decimal = Field(..., ge=0, max_digits=11, decimal_places=2, description="Amount outstanding, EUR")
    as_of: dt.date | None = Field(None, description="The day of the balance; today if left out")
    external_id: str | None = Field(None, max_length=64, description="The ERP's key of this balance")


class ArrearOut(Schema):
    id: int
    party_id: int
    party_external_id: str | None
    tenancy_id: int | None
    tenancy_external_id: str | None
    amount: Decimal
    currency: str = "EUR"
    as_of: dt.date
    external_id: str | None
    updated_at: dt.datetime


class ArrearPage(Schema):
    items: list[ArrearOut]
    next_cursor: str | None = None


class PageQuery(In):
    open: bool | None = Field(None, description="true: only amounts above zero")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def out(arrear: Arrear) -> ArrearOut:
    return ArrearOut(
        id=arrear.pk,
        party_id=arrear.party_id,
        party_external_id=arrear.party.external_id,
        tenancy_id=arrear.tenancy_id,
        tenancy_external_id=arrear.tenancy.external_id if arrear.tenancy_id else None,
        amount=arrear.amount,
        as_of=arrear.as_of,
        external_id=arrear.external_id,
        updated_at=arrear.updated_at,
    )


def _report(request, party: Party, tenancy: Tenancy | None, body: ArrearIn):
    if body.external_id and (
        Arrear.objects.filter(external_id=body.external_id).exclude(party=party, tenancy=tenancy).exists()
    ):
        raise HttpError(409, "external_id belongs to another arrear")
    try:
        arrear, created = arrear_report(
            party,
            tenancy=tenancy,
            amount=body.amount,
            as_of=body.as_of,
            external_id=body.external_id,
            reported_by=f"{request.auth.name} (API)",
        )
    except ArrearError as error:
        raise HttpError(409, str(error.message)) from error
    except IntegrityError as error:  # a concurrent report with the same external_id
        raise HttpError(409, "external_id belongs to another arrear") from error
    return Status(201 if created else 200, out(arrear))


@router.put(
    "/parties/{external_id}",
    response={200: ArrearOut, 201: ArrearOut, **documented(404, 409)},
    operation_id="report_party_arrear",
    summary="Report what a person owes over all their tenancies (0 clears it)",
)
def report_party_arrear(request, external_id: str, body: ArrearIn):
    party = get_object_or_404(Party, external_id=external_id)
    return _report(request, party, None, body)


@router.put(
    "/tenancies/{external_id}",
    response={200: ArrearOut, 201: ArrearOut, **documented(404, 409)},
    operation_id="report_tenancy_arrear",
    summary="Report what is outstanding on one tenancy's rent account (0 clears it)",
)
def report_tenancy_arrear(request, external_id: str, body: ArrearIn):
    tenancy = get_object_or_404(Tenancy.objects.select_related("party"), external_id=external_id)
    return _report(request, tenancy.party, tenancy, body)


@router.get(
    "",
    response={200: ArrearPage, **documented()},
    operation_id="list_arrears",
    summary="The arrears as last reported, least recently updated first",
)
def list_arrears(request, page: Query[PageQuery]):
    found = Arrear.objects.select_related("party", "tenancy")
    if page.open is True:
        found = found.filter(amount__gt=0)
    elif page.open is False:
        found = found.filter(amount=0)
    rows, next_cursor = cursors.keyset_page(found, field="updated_at", cursor=page.cursor, limit=page.limit)
    return ArrearPage(items=[out(r) for r in rows], next_cursor=next_cursor)
