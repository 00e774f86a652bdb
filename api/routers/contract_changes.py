"""Vertragsänderungen decided in the back-office, for the ERP: each with the contract, the people and what
changed in the tenancies (the incoming person's new tenancy from its start, the leaving person's end), so
the ERP can take over the new tenancy under its own key. The change request of each (name or contract) is
booked as before through /change-requests."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from contracts.models import ContractChange
from estate.models import Tenancy

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["contract changes"], auth=IntegrationAuth(Scope.CHANGEREQUESTS))


class PersonOut(Schema):
    party_id: int
    external_id: str | None
    name: str
    email: str


class TenancyOut(Schema):
    id: int
    party_id: int
    external_id: str | None
    start: dt.date
    end: dt.date | None


class ContractChangeOut(Schema):
    id: int
    kind: str = Field(..., description="name, move_in, move_out or contact")
    state: str = Field(..., description="approved or rejected")
    ticket: str = Field(..., description="The reference of the process's ticket")
    change_request_id: int = Field(..., description="Book it through /change-requests/{id}/booked")
    contract_number: str
    unit_id: int
    unit_external_id: str | None
    requested_by: PersonOut
    person: PersonOut | None = Field(None, description="The person moving in or leaving")
    effective_date: dt.date | None
    tenancy: TenancyOut | None = Field(None, description="The tenancy the change began or ended")
    decided_at: dt.datetime


class ContractChangePage(Schema):
    items: list[ContractChangeOut]
    next_cursor: str | None = None


class PageQuery(In):
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def _person(party) -> PersonOut:
    return PersonOut(
        party_id=party.pk, external_id=party.external_id, name=party.display_name, email=party.email
    )


def _tenancy(change: ContractChange, tenancies: dict) -> TenancyOut | None:
    row = tenancies.get((change.person_id, change.unit_id))
    if row is None or change.state != ContractChange.State.APPROVED:
        return None
    return TenancyOut(
        id=row.pk, party_id=row.party_id, external_id=row.external_id, start=row.start, end=row.end
    )


def out(change: ContractChange, tenancies: dict) -> ContractChangeOut:
    return ContractChangeOut(
        id=change.pk,
        kind=change.kind,
        state=change.state,
        ticket=change.process.ticket.reference,
        change_request_id=change.change_request_id,
        contract_number=change.tenancy.contract_number,
        unit_id=change.unit_id,
        unit_external_id=change.unit.external_id,
        requested_by=_person(change.requested_by),
        person=_person(change.person) if change.person_id else None,
        effective_date=change.effective_date,
        tenancy=_tenancy(change, tenancies),
        decided_at=change.decided_at,
    )


def _tenancies_of(changes: list[ContractChange]) -> dict:
    """The tenancy each co-tenant change began or ended, for a whole page in one query."""
    people = {c.person_id for c in changes if c.person_id}
    units = {c.unit_id for c in changes}
    rows = Tenancy.objects.filter(party_id__in=people, unit_id__in=units).order_by("start", "pk")
    return {(row.party_id, row.unit_id): row for row in rows}


@router.get(
    "",
    response={200: ContractChangePage, **documented()},
    operation_id="list_contract_changes",
    summary="Decided contract changes, oldest decision first",
)
def list_contract_changes(request, page: Query[PageQuery]):
    decided = (
        ContractChange.objects.filter(
            state__in=[ContractChange.State.APPROVED, ContractChange.State.REJECTED]
        )
        .exclude(decided_at=None)
        .select_related("process__ticket", "tenancy", "unit", "requested_by", "person")
    )
    rows, next_cursor = cursors.keyset_page(decided, field="decided_at", cursor=page.cursor, limit=page.limit)
    tenancies = _tenancies_of(rows)
    return ContractChangePage(items=[out(row, tenancies) for row in rows], next_cursor=next_cursor)
