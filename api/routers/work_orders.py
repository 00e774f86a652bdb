"""Work orders (VERA: onderhoudsorders) for a contractor's own software: its live orders, and the same
steps its signed link offers (accept, decline, propose an appointment, start, done with note and
photos), each through tickets.work_orders, so the workflow decides what is open, as on the link."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from tickets.models import WorkOrder
from tickets.status import Status
from tickets.uploads import clean_images
from tickets.work_orders import (
    contractor_orders,
    steps_open,
    work_order_accept,
    work_order_decline,
    work_order_finish,
    work_order_propose_appointment,
    work_order_start,
)

from .. import cursors, vera
from ..auth import IntegrationAuth
from ..models import Integration, Scope
from ..problems import documented
from ..schemas import In, ItemRef, PropertyRef, UnitRef, item_ref, property_ref, unit_ref

router = Router(tags=["work orders"], auth=IntegrationAuth(Scope.WORKORDERS))

State = Literal["issued", "accepted", "scheduled", "in_progress", "done", "cancelled"]


class WorkOrderOut(Schema):
    id: int
    ticket: str = Field(..., description="The ticket's reference")
    state: State
    state_vera: vera.Code
    steps_open: list[Literal["accept", "decline", "appointment", "start", "done"]] = Field(
        ..., description="What the contractor may do now, as the workflow allows it"
    )
    item: ItemRef
    property: PropertyRef
    access_notes: str
    unit: UnitRef | None
    common_area: str
    location_note: str
    description: str
    availability: str = Field(..., description="When the tenant can be reached for an appointment")
    tenant_phone: str | None = Field(None, description="Only where the tenant agreed to pass it on")
    appointment_at: dt.datetime | None
    accepted_at: dt.datetime | None
    created_at: dt.datetime


class WorkOrderPage(Schema):
    items: list[WorkOrderOut]
    next_cursor: str | None = None


class PageQuery(In):
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


class DeclineIn(In):
    reason: str = Field(..., min_length=1, max_length=2000)


class AppointmentIn(In):
    at: dt.datetime = Field(..., description="Proposed start, with its time zone")
    note: str = Field("", max_length=2000)


def state_of(order: WorkOrder) -> str:
    ticket = order.ticket
    if not order.is_active or ticket.status == Status.REJECTED:
        return "cancelled"
    if ticket.status == Status.DONE:
        return "done"
    if ticket.status == Status.IN_PROGRESS:
        return "in_progress"
    if order.appointment_at:
        return "scheduled"
    return "accepted" if order.accepted_at else "issued"


def order_out(order: WorkOrder) -> WorkOrderOut:
    ticket = order.ticket
    state = state_of(order)
    phone = ticket.reporter.phone if ticket.phone_consent and ticket.reporter_id else None
    return WorkOrderOut(
        id=order.pk,
        ticket=ticket.reference,
        state=state,
        state_vera=vera.order_status(state),
        steps_open=sorted(steps_open(order)),
        item=item_ref(ticket),
        property=property_ref(ticket),
        access_notes=ticket.property.access_notes,
        unit=unit_ref(ticket),
        common_area=ticket.common_area,
        location_note=ticket.location_note,
        description=ticket.description,
        availability=ticket.availability,
        tenant_phone=phone or None,
        appointment_at=order.appointment_at,
        accepted_at=order.accepted_at,
        created_at=order.created_at,
    )


def orders_of(integration: Integration):
    return contractor_orders(integration.contractor).select_related("ticket__category")


def order_of(integration: Integration, order_id: int) -> WorkOrder:
    """Another contractor's order, or one taken back, answers 404: nobody learns it exists."""
    return get_object_or_404(orders_of(integration), pk=order_id)


def after_step(order_id: int) -> WorkOrderOut:
    order = WorkOrder.objects.select_related(
        "ticket__property", "ticket__unit__building", "ticket__item", "ticket__category", "ticket__reporter"
    ).get(pk=order_id)
    return order_out(order)


@router.get(
    "",
    response={200: WorkOrderPage, **documented()},
    operation_id="list_work_orders",
    summary="The contractor's live work orders, oldest first",
)
def list_work_orders(request, page: Query[PageQuery]):
    orders = orders_of(request.auth)
    found, next_cursor = cursors.keyset_page(orders, field="created_at", cursor=page.cursor, limit=page.limit)
    return WorkOrderPage(items=[order_out(o) for o in found], next_cursor=next_cursor)


@router.get(
    "/{order_id}",
    response={200: WorkOrderOut, **documented(404)},
    operation_id="get_work_order",
    summary="One work order",
)
def get_work_order(request, order_id: int):
    return order_out(order_of(request.auth, order_id))


@router.post(
    "/{order_id}/accept",
    response={200: WorkOrderOut, **documented(404, 409)},
    operation_id="accept_work_order",
    summary="Accept the order",
)
def accept(request, order_id: int):
    work_order_accept(work_order=order_of(request.auth, order_id))
    return after_step(order_id)


@router.post(
    "/{order_id}/decline",
    response={200: WorkOrderOut, **documented(404, 409)},
    operation_id="decline_work_order",
    summary="Give the order back, with a reason",
)
def decline(request, order_id: int, payload: DeclineIn):
    work_order_decline(work_order=order_of(request.auth, order_id), reason=payload.reason)
    return after_step(order_id)


@router.post(
    "/{order_id}/appointment",
    response={200: WorkOrderOut, **documented(404, 409)},
    operation_id="propose_appointment",
    summary="Propose an appointment (VERA: afspraak)",
)
def appointment(request, order_id: int, payload: AppointmentIn):
    work_order_propose_appointment(
        work_order=order_of(request.auth, order_id), when=payload.at, note=payload.note
    )
    return after_step(order_id)


@router.post(
    "/{order_id}/start",
    response={200: WorkOrderOut, **documented(404, 409)},
    operation_id="start_work_order",
    summary="Report that the work started",
)
def start(request, order_id: int):
    work_order_start(work_order=order_of(request.auth, order_id))
    return after_step(order_id)


@router.post(
    "/{order_id}/done",
    response={200: WorkOrderOut, **documented(404, 409)},
    operation_id="finish_work_order",
    summary="Report the work done, with a note and photos",
)
def done(
    request,
    order_id: int,
    note: Form[str] = "",
    photos: File[list[UploadedFile]] = None,
):
    order = order_of(request.auth, order_id)
    images = clean_images(list(photos or []))
    work_order_finish(work_order=order, note=note[:5000], images=images)
    return after_step(order_id)
