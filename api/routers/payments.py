"""Payment requests (Zahlungsaufforderungen) for the ERP: the open ones to watch for on the bank
statement (the remittance names the reference), and the report that one is paid, which settles it for
the tenant and staff. A request already settled or cancelled answers 409; a different amount 409 too."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from payments.models import PaymentRequest
from payments.requests import PaymentError, request_settle, transfer_details
from tickets.actors import Actor

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["payment requests"], auth=IntegrationAuth(Scope.PAYMENTS))


class PaymentRequestOut(Schema):
    id: int
    reference: str = Field(..., description="The ticket reference; the remittance starts with it")
    party_id: int
    party_external_id: str | None
    amount: Decimal
    currency: str = "EUR"
    purpose: str
    remittance: str = Field(..., description="The remittance text of the transfer (EPC QR code)")
    due_date: dt.date
    state: str = Field(..., description="open, paid or cancelled")
    paid_at: dt.datetime | None
    reminders_sent: int
    created_at: dt.datetime


class PaymentRequestPage(Schema):
    items: list[PaymentRequestOut]
    next_cursor: str | None = None


class PageQuery(In):
    state: str | None = Field(None, pattern="^(open|paid|cancelled)$")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


class PaymentIn(In):
    paid_at: dt.datetime | None = Field(None, description="When the money was booked; now if left out")
    amount: Decimal | None = Field(None, gt=0, max_digits=11, decimal_places=2, description="Amount paid")


def out(payment: PaymentRequest) -> PaymentRequestOut:
    return PaymentRequestOut(
        id=payment.pk,
        reference=payment.reference,
        party_id=payment.party_id,
        party_external_id=payment.party.external_id,
        amount=payment.amount,
        purpose=payment.purpose,
        remittance=transfer_details(payment).remittance,
        due_date=payment.due_date,
        state=payment.state,
        paid_at=payment.paid_at,
        reminders_sent=payment.reminders_sent,
        created_at=payment.created_at,
    )


def _requests():
    return PaymentRequest.objects.select_related("party", "process__ticket")


@router.get(
    "",
    response={200: PaymentRequestPage, **documented()},
    operation_id="list_payment_requests",
    summary="Payment requests, oldest first (filter by state)",
)
def list_payment_requests(request, page: Query[PageQuery]):
    found = _requests()
    if page.state:
        found = found.filter(state=page.state)
    if page.cursor:
        at, pk = cursors.decode(page.cursor)
        found = found.filter(Q(created_at__gt=at) | Q(created_at=at, pk__gt=pk))
    rows = list(found.order_by("created_at", "pk")[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return PaymentRequestPage(
        items=[out(r) for r in rows],
        next_cursor=cursors.encode(rows[-1].created_at, rows[-1].pk) if more else None,
    )


@router.get(
    "/{payment_id}",
    response={200: PaymentRequestOut, **documented(404)},
    operation_id="get_payment_request",
    summary="One payment request",
)
def get_payment_request(request, payment_id: int):
    return out(get_object_or_404(_requests(), pk=payment_id))


@router.post(
    "/{payment_id}/payment",
    response={200: PaymentRequestOut, **documented(404, 409)},
    operation_id="report_payment",
    summary="Report that a payment request is paid: it is settled for the tenant and the staff",
)
def report_payment(request, payment_id: int, body: PaymentIn):
    payment = get_object_or_404(_requests(), pk=payment_id)
    try:
        request_settle(
            payment,
            actor=Actor.for_integration(f"{request.auth.name} (API)"),
            paid_at=body.paid_at,
            amount=body.amount,
        )
    except PaymentError as error:
        raise HttpError(409, str(error.message)) from error
    return out(payment)
