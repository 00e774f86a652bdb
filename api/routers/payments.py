"""Money for the ERP. Payment requests (Zahlungsaufforderungen): the open ones to watch for on the bank
statement (the remittance names the reference), and the report that one is paid, which settles it for
the tenant and staff; a request already settled or cancelled answers 409, a different amount 409 too.
Payment methods: the approved changes (direct debit with the SEPA mandate in full, or transfer) for the
ERP to book, and marking one booked."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from payments.methods import MethodChangeError, method_change_mark_booked
from payments.models import PaymentMethodChange, PaymentRequest
from payments.requests import PaidInFuture, PaymentError, request_settle, transfer_details
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
    rows, next_cursor = cursors.keyset_page(found, field="created_at", cursor=page.cursor, limit=page.limit)
    return PaymentRequestPage(items=[out(r) for r in rows], next_cursor=next_cursor)


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
    except PaidInFuture as error:
        raise HttpError(422, str(error.message)) from error
    except PaymentError as error:
        raise HttpError(409, str(error.message)) from error
    return out(payment)


# --- payment methods ------------------------------------------------------------------------------------

methods_router = Router(tags=["payment methods"], auth=IntegrationAuth(Scope.PAYMENTS))


class MandateOut(Schema):
    reference: str = Field(..., description="SEPA mandate reference (Mandatsreferenz)")
    creditor_id: str = Field(..., description="Creditor identifier (Gläubiger-ID)")
    holder: str
    iban: str
    bic: str
    signed_at: dt.datetime | None
    document_sha256: str | None = Field(None, description="SHA-256 of the signed mandate PDF")


class PaymentMethodOut(Schema):
    id: int
    party_id: int
    party_external_id: str | None
    method: str = Field(..., description="debit (Lastschrift) or transfer (Überweisung)")
    mandate: MandateOut | None
    decided_at: dt.datetime | None
    booked_at: dt.datetime | None


class PaymentMethodPage(Schema):
    items: list[PaymentMethodOut]
    next_cursor: str | None = None


class MethodPageQuery(In):
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def method_out(change: PaymentMethodChange) -> PaymentMethodOut:
    mandate = change.mandate
    return PaymentMethodOut(
        id=change.pk,
        party_id=change.party_id,
        party_external_id=change.party.external_id,
        method=change.method,
        mandate=MandateOut(
            reference=mandate.reference,
            creditor_id=mandate.creditor_id,
            holder=mandate.holder,
            iban=mandate.iban,
            bic=mandate.bic,
            signed_at=mandate.signed_at,
            document_sha256=mandate.signature.document_hash if mandate.signature_id else None,
        )
        if mandate
        else None,
        decided_at=change.decided_at,
        booked_at=change.booked_at,
    )


def _to_book():
    return PaymentMethodChange.objects.select_related("party", "mandate__signature").filter(
        state=PaymentMethodChange.State.APPROVED, booked_at=None
    )


@methods_router.get(
    "",
    response={200: PaymentMethodPage, **documented()},
    operation_id="list_payment_methods",
    summary="Approved payment method changes (with the SEPA mandate) not yet booked, oldest first",
)
def list_payment_methods(request, page: Query[MethodPageQuery]):
    found = _to_book().exclude(decided_at=None)
    rows, next_cursor = cursors.keyset_page(found, field="decided_at", cursor=page.cursor, limit=page.limit)
    return PaymentMethodPage(items=[method_out(r) for r in rows], next_cursor=next_cursor)


@methods_router.post(
    "/{change_id}/booked",
    response={200: PaymentMethodOut, **documented(404, 409)},
    operation_id="mark_payment_method_booked",
    summary="Mark an approved payment method change as booked in the ERP",
)
def mark_method_booked(request, change_id: int):
    change = get_object_or_404(
        PaymentMethodChange.objects.select_related("party", "mandate__signature").filter(
            state=PaymentMethodChange.State.APPROVED
        ),
        pk=change_id,
    )
    try:
        method_change_mark_booked(change)
    except MethodChangeError as error:
        raise HttpError(409, str(error.message)) from error
    return method_out(change)
