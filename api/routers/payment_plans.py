"""Payment arrangements (Ratenzahlungen, VERA: betalingsregelingen) for the ERP: the plans with their
instalments (VERA status and end reason beside ours), the instalments changed since the last poll, and
the report that an instalment is paid. Lists are keyset pages; every GET answers with an ETag, and a
repeat with `If-None-Match` gets 304 while nothing changed. An instalment already paid or waived, a plan
that no longer runs, or another amount answers 409."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from payments.instalments import InstalmentError, instalment_pay
from payments.models import Instalment, PaymentPlan
from tickets.actors import Actor

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["payment plans"], auth=IntegrationAuth(Scope.PAYMENTS))


class InstalmentOut(Schema):
    id: int
    plan_id: int
    number: int
    due_date: dt.date
    amount: Decimal
    state: str = Field(..., description="planned, paid, late or waived")
    paid_on: dt.date | None
    paid_amount: Decimal | None
    updated_at: dt.datetime


class PlanOut(Schema):
    id: int
    reference: str = Field(
        ..., description="The ticket reference; the remittance of each instalment names it"
    )
    party_id: int
    party_external_id: str | None
    arrear_external_id: str | None
    amount: Decimal
    currency: str = "EUR"
    instalment_count: int
    first_due: dt.date
    interval: str = Field(..., description="monthly or biweekly")
    state: str = Field(..., description="proposed, countered, active, ended, refused or declined")
    end_reason: str | None = Field(None, description="paid_off, uncollectible or broken")
    vera_status: str = Field(..., description="VERA BETALINGSREGELINGSTATUS: AAN, ACT, BEE, ANN or VER")
    vera_end_reason: str | None = Field(None, description="VERA BETALINGSREGELINGEINDEREDEN: AFB, ONI or VOL")
    instalments: list[InstalmentOut]
    created_at: dt.datetime
    ended_at: dt.datetime | None


class PlanPage(Schema):
    items: list[PlanOut]
    next_cursor: str | None = None


class InstalmentPage(Schema):
    items: list[InstalmentOut]
    next_cursor: str | None = None


class PlanQuery(In):
    state: str | None = Field(None, pattern="^(proposed|countered|active|ended|refused|declined)$")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


class InstalmentQuery(In):
    state: str | None = Field(None, pattern="^(planned|paid|late|waived)$")
    cursor: str | None = Field(
        None, max_length=200, description="Pass the last next_cursor: what changed since"
    )
    limit: int = Field(100, ge=1, le=500)


class InstalmentPaymentIn(In):
    paid_on: dt.date | None = Field(None, description="The day the money was booked; today if left out")
    amount: Decimal | None = Field(None, gt=0, max_digits=11, decimal_places=2, description="Amount paid")


def instalment_out(row: Instalment) -> InstalmentOut:
    return InstalmentOut(
        id=row.pk,
        plan_id=row.plan_id,
        number=row.number,
        due_date=row.due_date,
        amount=row.amount,
        state=row.state,
        paid_on=row.paid_on,
        paid_amount=row.paid_amount,
        updated_at=row.updated_at,
    )


def plan_out(plan: PaymentPlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        reference=plan.reference,
        party_id=plan.party_id,
        party_external_id=plan.party.external_id,
        arrear_external_id=plan.arrear.external_id if plan.arrear_id else None,
        amount=plan.amount,
        instalment_count=plan.instalment_count,
        first_due=plan.first_due,
        interval=plan.interval,
        state=plan.state,
        end_reason=plan.end_reason or None,
        vera_status=plan.vera_status,
        vera_end_reason=plan.vera_end_reason or None,
        # Prefetched in order: no query per plan.
        instalments=[instalment_out(row) for row in plan.instalments.all()],
        created_at=plan.created_at,
        ended_at=plan.ended_at,
    )


def _plans():
    return PaymentPlan.objects.select_related("party", "arrear", "process__ticket").prefetch_related(
        "instalments"
    )


def _tagged(request: HttpRequest, body: Schema) -> HttpResponse:
    """The JSON answer with its ETag; 304 without a body when the caller has it already."""
    content = body.model_dump_json()
    etag = '"' + hashlib.sha256(content.encode()).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return HttpResponse(status=304, headers={"ETag": etag})
    return HttpResponse(content, content_type="application/json", headers={"ETag": etag})


@router.get(
    "/instalments",
    response={200: InstalmentPage, 304: None, **documented()},
    operation_id="list_instalments",
    summary="Instalments in the order they last changed (paid, late, waived): poll with the last cursor",
)
def list_instalments(request, page: Query[InstalmentQuery]):
    found = Instalment.objects.all()
    if page.state:
        found = found.filter(state=page.state)
    rows, next_cursor = cursors.keyset_page(found, field="updated_at", cursor=page.cursor, limit=page.limit)
    return _tagged(request, InstalmentPage(items=[instalment_out(r) for r in rows], next_cursor=next_cursor))


@router.get(
    "",
    response={200: PlanPage, 304: None, **documented()},
    operation_id="list_payment_plans",
    summary="Payment plans with their instalments, oldest first (filter by state)",
)
def list_payment_plans(request, page: Query[PlanQuery]):
    found = _plans()
    if page.state:
        found = found.filter(state=page.state)
    rows, next_cursor = cursors.keyset_page(found, field="created_at", cursor=page.cursor, limit=page.limit)
    return _tagged(request, PlanPage(items=[plan_out(r) for r in rows], next_cursor=next_cursor))


@router.get(
    "/{plan_id}",
    response={200: PlanOut, 304: None, **documented(404)},
    operation_id="get_payment_plan",
    summary="One payment plan with its instalments",
)
def get_payment_plan(request, plan_id: int):
    return _tagged(request, plan_out(get_object_or_404(_plans(), pk=plan_id)))


@router.post(
    "/{plan_id}/instalments/{number}/payment",
    response={200: InstalmentOut, **documented(404, 409)},
    operation_id="report_instalment_payment",
    summary="Report that an instalment is paid; the plan is paid off once none is open",
)
def report_instalment_payment(request, plan_id: int, number: int, body: InstalmentPaymentIn):
    instalment = get_object_or_404(Instalment, plan_id=plan_id, number=number)
    try:
        instalment_pay(
            instalment,
            actor=Actor.for_integration(f"{request.auth.name} (API)"),
            paid_on=body.paid_on,
            amount=body.amount,
        )
    except InstalmentError as error:
        raise HttpError(409, str(error.message)) from error
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    return instalment_out(instalment)
