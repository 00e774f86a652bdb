"""Zusatzvereinbarungen for the ERP: every agreement on an additional service (a parking space, a cellar
room, garden care) with its price at booking, its term and its history (booked, confirmed, notice given,
notice confirmed, ended), in the order they last changed. The ERP polls with the last `next_cursor` and
books what changed; an unchanged page answers 304 to its ETag (If-None-Match)."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from subscriptions.models import Subscription, SubscriptionChange

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["subscriptions"], auth=IntegrationAuth(Scope.SUBSCRIPTIONS))


class ChangeOut(Schema):
    kind: str = Field(
        ...,
        description="requested, confirmed, refused, withdrawn, notice_given, notice_confirmed, "
        "notice_refused, notice_withdrawn, tenancy_ends (the agreement ends with the tenancy on "
        "effective_on) or ended",
    )
    effective_on: dt.date | None = Field(None, description="The day the change takes effect")
    note: str
    by: str
    at: dt.datetime


class SubscriptionOut(Schema):
    id: int
    reference: str = Field(..., description="The ticket reference of the booking")
    party_id: int
    party_external_id: str | None
    property_code: str
    unit_id: int | None = Field(None, description="The parking space or cellar room the agreement takes")
    unit_external_id: str | None
    unit_number: str | None
    service_code: str
    service_kind: str = Field(
        ..., description="smoke_detector, garden, parking, storage, washing_machine, ..."
    )
    service_name: str
    state: str = Field(..., description="requested, active, refused, withdrawn or ended")
    starts_on: dt.date
    ends_on: dt.date | None = Field(None, description="The last day, once a notice is confirmed")
    notice_pending_until: dt.date | None = Field(
        None, description="The end a notice asks for, not yet confirmed"
    )
    monthly_price: Decimal = Field(..., description="Per month, at the price of the day it was booked")
    currency: str = "EUR"
    vat_rate: Decimal | None = Field(None, description="Percent of VAT included; null: VAT-exempt")
    changed_at: dt.datetime
    changes: list[ChangeOut]


class SubscriptionPage(Schema):
    items: list[SubscriptionOut]
    next_cursor: str | None = None


class PageQuery(In):
    state: str | None = Field(None, pattern="^(requested|active|refused|withdrawn|ended)$")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def out(subscription: Subscription) -> SubscriptionOut:
    unit = subscription.unit
    return SubscriptionOut(
        id=subscription.pk,
        reference=subscription.reference,
        party_id=subscription.party_id,
        party_external_id=subscription.party.external_id,
        property_code=subscription.property.code,
        unit_id=subscription.unit_id,
        unit_external_id=unit.external_id if unit else None,
        unit_number=unit.number if unit else None,
        service_code=subscription.service.code,
        service_kind=subscription.service.kind,
        service_name=subscription.service.name_de,
        state=subscription.state,
        starts_on=subscription.starts_on,
        ends_on=subscription.ends_on,
        notice_pending_until=subscription.requested_end,
        monthly_price=subscription.monthly_price,
        vat_rate=subscription.vat_rate,
        changed_at=subscription.changed_at,
        changes=[
            ChangeOut(kind=c.kind, effective_on=c.effective_on, note=c.note, by=c.by, at=c.at)
            for c in subscription.changes.all()
        ],
    )


def _subscriptions():
    return Subscription.objects.select_related(
        "party", "property", "unit", "service", "process__ticket"
    ).prefetch_related(Prefetch("changes", queryset=SubscriptionChange.objects.order_by("at", "pk")))


def etag(body: str) -> str:
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


@router.get(
    "",
    response={200: SubscriptionPage, 304: None, **documented()},
    operation_id="list_subscriptions",
    summary="Zusatzvereinbarungen with their changes, least recently changed first (filter by state)",
)
def list_subscriptions(request, page: Query[PageQuery], response: HttpResponse):
    found = _subscriptions()
    if page.state:
        found = found.filter(state=page.state)
    rows, next_cursor = cursors.keyset_page(found, field="changed_at", cursor=page.cursor, limit=page.limit)
    result = SubscriptionPage(items=[out(r) for r in rows], next_cursor=next_cursor)
    tag = etag(result.model_dump_json())
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        unchanged = HttpResponse(status=304)
        unchanged["ETag"] = tag
        return unchanged
    response["ETag"] = tag
    return result
