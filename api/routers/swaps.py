"""Wohnungstausch for the ERP: every home swap with both sides (person, home, household), its state and,
once decided, the decision with the swap date and the follow-on processes it started (the two ends of
tenancy and the new tenancies, whose agreements /lettings carries). Oldest first, filter by state; the
ERP polls with the last `next_cursor`. Read only: staff decide in the back-office."""

import datetime as dt

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from swaps.models import HomeSwap, SwapCheck

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import documented
from ..schemas import In

router = Router(tags=["home swaps"], auth=IntegrationAuth(Scope.LETTINGS))

STATES = "applied|checking|inspecting|deciding|approved|refused|ended"


class SwapSideOut(Schema):
    party_id: int
    party_external_id: str | None
    name: str
    unit_id: int | None = Field(
        None, description="The home of ours they live in; null for a partner from outside"
    )
    unit_external_id: str | None
    household: int | None = Field(None, description="Persons moving; null until the partner confirmed")


class SwapCheckOut(Schema):
    party_id: int
    code: str = Field(..., description="arrears, nuisance, tenure or household")
    passed: bool
    reason: str
    released: bool = Field(..., description="A failed check staff released with a reason")


class SwapOut(Schema):
    id: int
    reference: str = Field(..., description="The ticket reference of the swap")
    state: str = Field(..., description=STATES.replace("|", ", "))
    applicant: SwapSideOut
    partner: SwapSideOut
    partner_is_outside: bool
    wished_date: dt.date
    swap_date: dt.date | None = Field(None, description="Approved: the day the new tenancies begin")
    decision_reason: str | None
    checks: list[SwapCheckOut]
    follow_ups: list[str] = Field(
        ..., description="Ticket references of the ends of tenancy and new tenancies"
    )
    created_at: dt.datetime


class SwapPage(Schema):
    items: list[SwapOut]
    next_cursor: str | None = None


class SwapPageQuery(In):
    state: str | None = Field(None, pattern=f"^({STATES})$")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


PHASES = {
    "application": "applied",
    "partner_confirmation": "applied",
    "pre_checks": "checking",
    "applicant_home_appointment": "inspecting",
    "applicant_home_inspection": "inspecting",
    "partner_home_appointment": "inspecting",
    "partner_home_inspection": "inspecting",
    "decision": "deciding",
    "follow_ups": "approved",
}


def state_of(swap: HomeSwap) -> str:
    data = swap.process.data or {}
    if data.get("decision") == "yes":
        return "approved"
    if data.get("decision") == "no":
        return "refused"
    step = swap.process.current_step
    return PHASES.get(step.template.code, "applied") if step is not None else "ended"


def _side(party, unit, household) -> SwapSideOut:
    return SwapSideOut(
        party_id=party.pk,
        party_external_id=party.external_id,
        name=party.display_name,
        unit_id=unit.pk if unit else None,
        unit_external_id=unit.external_id if unit else None,
        household=household,
    )


def out(swap: HomeSwap) -> SwapOut:
    data = swap.process.data or {}
    checks: list[SwapCheck] = list(swap.checks.all())
    return SwapOut(
        id=swap.pk,
        reference=swap.process.ticket.reference,
        state=state_of(swap),
        applicant=_side(swap.applicant, swap.applicant_unit, swap.applicant_household),
        partner=_side(swap.partner, swap.partner_unit, swap.partner_household),
        partner_is_outside=swap.partner_is_outside,
        wished_date=swap.wished_date,
        swap_date=dt.date.fromisoformat(data["swap_date"]) if data.get("swap_date") else None,
        decision_reason=data.get("decision_reason"),
        checks=[
            SwapCheckOut(
                party_id=c.party_id,
                code=c.code,
                passed=c.passed,
                reason=c.reason,
                released=bool(c.overridden_at),
            )
            for c in checks
        ],
        follow_ups=list(data.get("follow_ups") or []),
        created_at=swap.created_at,
    )


def _state_filter(state: str) -> Q:
    """The SQL of `state_of`: a decision first, else the phase of the current step."""
    decided = Q(process__data__has_key="decision")
    if state == "approved":
        return Q(process__data__decision="yes")
    if state == "refused":
        return Q(process__data__decision="no")
    if state == "ended":
        return ~decided & Q(process__current_step__isnull=True)
    codes = [code for code, phase in PHASES.items() if phase == state]
    return ~decided & Q(process__current_step__template__code__in=codes)


def _swaps():
    return HomeSwap.objects.select_related(
        "process__ticket",
        "process__current_step__template",
        "applicant",
        "partner",
        "applicant_unit",
        "partner_unit",
    ).prefetch_related("checks")


@router.get(
    "",
    response={200: SwapPage, **documented()},
    operation_id="list_home_swaps",
    summary="Home swaps, oldest first (filter by state)",
)
def list_home_swaps(request, page: Query[SwapPageQuery]):
    found = _swaps()
    if page.state:
        found = found.filter(_state_filter(page.state))
    rows, next_cursor = cursors.keyset_page(found, field="created_at", cursor=page.cursor, limit=page.limit)
    return SwapPage(items=[out(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{swap_id}",
    response={200: SwapOut, **documented(404)},
    operation_id="get_home_swap",
    summary="One home swap",
)
def get_home_swap(request, swap_id: int):
    return out(get_object_or_404(_swaps(), pk=swap_id))
