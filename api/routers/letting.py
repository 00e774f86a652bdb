"""Lettings (Vermietungen) for the company's allocation system and ERP. The allocation system hands over a
new tenant: the person (reused by its external id, else created), the unit by its external id, the start,
net rent, operating-cost prepayment and deposit; the tenancy agreement is then rendered and the tenant
invited to sign it in the portal. The ERP reads the lettings and their state: offered, tenant_signed,
concluded (countersigned and sealed; the tenancy exists with the contract number) or cancelled.

Bad terms (a deposit above three net rents, § 551 BGB; a negative amount; an unknown unit) answer 422 with
a German message and store nothing, as every other API input error does."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from estate.models import Party, Unit
from letting.models import Letting
from letting.services import start_letting
from tickets.actors import Actor
from tickets.errors import TicketError

from .. import cursors
from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import ApiProblem, documented, validation_errors
from ..schemas import In

router = Router(tags=["lettings"], auth=IntegrationAuth(Scope.LETTINGS))


class PersonIn(In):
    external_id: str = Field(..., min_length=1, max_length=64, description="The person's key in your system")
    salutation: str = Field("", max_length=30)
    first_name: str = Field("", max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    email: str = Field(..., min_length=3, max_length=254, description="Where the invitation to sign goes")
    phone: str = Field("", max_length=40)
    language: str = Field("de", pattern="^(de|en|nl)$")
    street: str = Field("", max_length=200, description="Current address, before moving in")
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)


class LettingIn(In):
    external_id: str = Field("", max_length=100, description="The letting's key in the allocation system")
    person: PersonIn
    unit: str = Field(..., min_length=1, max_length=64, description="external_id of the unit")
    start: dt.date = Field(..., description="Start of the tenancy (Mietbeginn)")
    rent_net: Decimal = Field(..., max_digits=9, decimal_places=2, description="Net rent per month (EUR)")
    operating_costs: Decimal = Field(
        ..., max_digits=9, decimal_places=2, description="Operating-cost prepayment per month (EUR)"
    )
    deposit: Decimal = Field(
        ..., max_digits=9, decimal_places=2, description="Deposit (EUR), at most three net rents"
    )


class LettingOut(Schema):
    id: int
    reference: str = Field(..., description="The ticket reference of the letting's process")
    contract_number: str
    external_id: str
    party_id: int
    party_external_id: str | None
    unit_id: int
    unit_external_id: str | None
    start: dt.date
    rent_net: Decimal
    operating_costs: Decimal
    total_rent: Decimal
    deposit: Decimal
    state: str = Field(..., description="offered, tenant_signed, concluded or cancelled")
    contract_sha256: str = Field(..., description="SHA-256 of the agreement both sides sign")
    tenant_signed_at: dt.datetime | None
    countersigned_at: dt.datetime | None
    sealed_at: dt.datetime | None
    sealed_sha256: str | None = Field(None, description="SHA-256 of the sealed agreement (PAdES)")
    tenancy_id: int | None = Field(None, description="The tenancy, created when the letting is concluded")
    created_at: dt.datetime


class LettingPage(Schema):
    items: list[LettingOut]
    next_cursor: str | None = None


class LettingPageQuery(In):
    state: str | None = Field(None, pattern="^(offered|tenant_signed|concluded|cancelled)$")
    external_id: str | None = Field(None, max_length=100, description="The allocation system's key")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


def out(letting: Letting) -> LettingOut:
    return LettingOut(
        id=letting.pk,
        reference=letting.process.ticket.reference,
        contract_number=letting.contract_number,
        external_id=letting.external_id,
        party_id=letting.party_id,
        party_external_id=letting.party.external_id,
        unit_id=letting.unit_id,
        unit_external_id=letting.unit.external_id,
        start=letting.start,
        rent_net=letting.rent_net,
        operating_costs=letting.operating_costs,
        total_rent=letting.total_rent,
        deposit=letting.deposit,
        state=letting.state,
        contract_sha256=letting.contract_hash,
        tenant_signed_at=letting.tenant_signature.signed_at if letting.tenant_signature_id else None,
        countersigned_at=letting.staff_signature.signed_at if letting.staff_signature_id else None,
        sealed_at=letting.sealed_at,
        sealed_sha256=letting.sealed_hash or None,
        tenancy_id=letting.tenancy_id,
        created_at=letting.created_at,
    )


def _lettings():
    return Letting.objects.select_related(
        "party", "unit", "process__ticket", "tenant_signature", "staff_signature"
    )


def _person(data: PersonIn) -> Party:
    """The person by their external id, else a new one; an existing person's data are the ERP's to keep
    (masterdata), only a missing e-mail address is filled in."""
    try:
        validate_email(data.email)
    except ValidationError as invalid:
        raise ApiProblem(
            422,
            _("Bitte geben Sie eine gültige E-Mail-Adresse der Mieterin / des Mieters an."),
            kind="validation",
            errors=[{"field": "person.email", "message": _("Ungültige E-Mail-Adresse"), "row": None}],
        ) from invalid
    party = Party.objects.select_for_update().filter(external_id=data.external_id).first()
    if party is None:
        return Party.objects.create(
            external_id=data.external_id,
            **data.dict(exclude={"external_id"}),
        )
    if not party.email:
        party.email = data.email
        party.save(update_fields=["email"])
    return party


@router.post(
    "",
    response={201: LettingOut, **documented(409)},
    operation_id="create_letting",
    summary="Hand over a new tenant: the tenancy agreement is made and the tenant invited to sign it",
)
def create_letting(request, payload: LettingIn):
    unit = Unit.objects.select_related("building__property").filter(external_id=payload.unit).first()
    if unit is None:
        raise ApiProblem(
            422,
            _("Die Wohnung „%(unit)s“ ist nicht bekannt.") % {"unit": payload.unit},
            kind="validation",
            errors=[{"field": "unit", "message": _("Unbekannte Wohnung"), "row": None}],
        )
    try:
        with transaction.atomic():
            process = start_letting(
                party=_person(payload.person),
                unit=unit,
                start=payload.start,
                rent_net=payload.rent_net,
                operating_costs=payload.operating_costs,
                deposit=payload.deposit,
                by=Actor.for_integration(f"{request.auth.name} (API)"),
                source=Letting.Source.API,
                external_id=payload.external_id,
            )
    except ValidationError as invalid:
        field = invalid.code if invalid.code in LettingIn.model_fields else ""
        raise ApiProblem(
            422,
            " ".join(invalid.messages),
            kind="validation",
            errors=validation_errors(invalid, prefix=f"{field}." if field else ""),
        ) from invalid
    except TicketError as error:
        raise ApiProblem(409, str(error.message), kind="conflict") from error
    return Status(201, out(_lettings().get(process=process)))


@router.get(
    "",
    response={200: LettingPage, **documented()},
    operation_id="list_lettings",
    summary="Lettings, oldest first (filter by state or the allocation system's key)",
)
def list_lettings(request, page: Query[LettingPageQuery]):
    found = _lettings()
    if page.state:
        found = found.filter(state=page.state)
    if page.external_id:
        found = found.filter(external_id=page.external_id)
    rows, next_cursor = cursors.keyset_page(found, field="created_at", cursor=page.cursor, limit=page.limit)
    return LettingPage(items=[out(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/{letting_id}",
    response={200: LettingOut, **documented(404)},
    operation_id="get_letting",
    summary="One letting with its state",
)
def get_letting(request, letting_id: int):
    return out(get_object_or_404(_lettings(), pk=letting_id))


PDF_RESPONSE = {
    "description": "The sealed agreement (PAdES): both signatures, the audit page and the company's seal",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/{letting_id}/sealed.pdf",
    response={**documented(404, 409)},
    operation_id="get_letting_sealed_pdf",
    summary="The signed and sealed tenancy agreement as PDF, once the letting is concluded",
    description="Its SHA-256 is the letting's `sealed_sha256` (also sent as the ETag); any change to the "
    "file breaks the seal. Before the countersignature the letting has no sealed agreement: 409.",
    openapi_extra={"responses": {200: PDF_RESPONSE}},
)
def get_letting_sealed_pdf(request, letting_id: int):
    letting = get_object_or_404(
        Letting.objects.only("state", "contract_number", "sealed_pdf", "sealed_hash"), pk=letting_id
    )
    if letting.state != Letting.State.CONCLUDED:
        raise ApiProblem(
            409, _("Der Mietvertrag ist noch nicht gegengezeichnet und versiegelt."), kind="conflict"
        )
    if not letting.sealed_pdf:  # let go by the retention rules
        raise ApiProblem(404, _("Der versiegelte Mietvertrag wird nicht mehr aufbewahrt."))
    response = FileResponse(
        letting.sealed_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"Mietvertrag-{letting.contract_number}.pdf",
    )
    response["ETag"] = f'"{letting.sealed_hash}"'
    return response
