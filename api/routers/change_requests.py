"""Change requests decided in the back-office, for the ERP to book: the approved ones not yet booked
(with the new values, the IBAN in full: the ERP needs it), and marking one booked, which the tenant's
"My data" then shows as done."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from tickets.actors import Actor
from tickets.change_requests import change_request_mark_booked
from tickets.models import ChangeRequest

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["change requests"], auth=IntegrationAuth(Scope.CHANGEREQUESTS))


class ChangeRequestOut(Schema):
    id: int
    kind: str = Field(..., description="bank_account, name or contract")
    party_id: int
    party_external_id: str | None
    ticket: str | None = Field(None, description="The reference of the ticket it came with")
    old_values: dict
    new_values: dict
    decided_at: dt.datetime | None
    booked_at: dt.datetime | None


class ChangeRequestPage(Schema):
    items: list[ChangeRequestOut]
    next_cursor: str | None = None


class PageQuery(In):
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def out(request: ChangeRequest) -> ChangeRequestOut:
    return ChangeRequestOut(
        id=request.pk,
        kind=request.kind,
        party_id=request.party_id,
        party_external_id=request.party.external_id,
        ticket=request.ticket.reference if request.ticket_id else None,
        old_values=request.old_values,
        new_values=request.new_values,
        decided_at=request.decided_at,
        booked_at=request.booked_at,
    )


def to_book():
    return ChangeRequest.objects.select_related("party", "ticket").filter(
        state=ChangeRequest.State.APPROVED, booked_at=None
    )


@router.get(
    "",
    response={200: ChangeRequestPage, **documented()},
    operation_id="list_change_requests",
    summary="Approved change requests not yet booked, oldest decision first",
)
def list_change_requests(request, page: Query[PageQuery]):
    found = to_book().exclude(decided_at=None)
    rows, next_cursor = cursors.keyset_page(found, field="decided_at", cursor=page.cursor, limit=page.limit)
    return ChangeRequestPage(items=[out(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/{request_id}/booked",
    response={200: ChangeRequestOut, **documented(404, 409)},
    operation_id="mark_change_request_booked",
    summary="Mark an approved change as booked in the ERP",
)
def mark_booked(request, request_id: int):
    change = get_object_or_404(
        ChangeRequest.objects.select_related("party", "ticket").filter(state=ChangeRequest.State.APPROVED),
        pk=request_id,
    )
    change_request_mark_booked(request=change, actor=Actor.for_integration(f"{request.auth.name} (API)"))
    return out(change)
