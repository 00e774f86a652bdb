"""Master data from the ERP: properties, buildings, units, parties, tenancies and contractors, upserted
in bulk by the ERP's own keys (estate.upserts), all rows of a request or none."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from estate.models import GERMAN_STATES, Party, Unit
from estate.upserts import UpsertRejected, upsert

from ..auth import IntegrationAuth
from ..models import Scope
from ..problems import ApiProblem, documented
from ..schemas import In

router = Router(tags=["master data"], auth=IntegrationAuth(Scope.MASTERDATA_WRITE))

MAX_ROWS = 20_000
ExternalId = Field(
    ..., min_length=1, max_length=64, description="The record's key in the ERP (VERA idExtern)."
)


class PropertyIn(In):
    external_id: str = ExternalId
    code: str = Field(
        ..., min_length=1, max_length=20, description="The property number (Wirtschaftseinheit)."
    )
    name: str = Field(..., min_length=1, max_length=200)
    street: str = Field(..., min_length=1, max_length=200)
    postcode: str = Field(..., min_length=1, max_length=10)
    city: str = Field(..., min_length=1, max_length=100)
    state: Literal[tuple(code for code, _name in GERMAN_STATES)] = Field(  # type: ignore[valid-type]
        "BE", description="German state, for public holidays."
    )
    access_notes: str = Field("", max_length=5000)


class BuildingIn(In):
    external_id: str = ExternalId
    property: str = Field(..., min_length=1, max_length=64, description="external_id of its property")
    street: str = Field(..., min_length=1, max_length=200)
    house_number: str = Field(..., min_length=1, max_length=10)
    postcode: str = Field(..., min_length=1, max_length=10)
    city: str = Field(..., min_length=1, max_length=100)


class UnitIn(In):
    external_id: str = ExternalId
    building: str = Field(..., min_length=1, max_length=64, description="external_id of its building")
    number: str = Field(..., min_length=1, max_length=30)
    kind: Literal[tuple(Unit.Kind.values)] = "flat"  # type: ignore[valid-type]
    floor: str = Field("", max_length=40)
    rooms: Decimal | None = Field(None, ge=0, le=99, max_digits=3, decimal_places=1)
    area: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=2)


class PartyIn(In):
    external_id: str = ExternalId
    kind: Literal[tuple(Party.Kind.values)] = "person"  # type: ignore[valid-type]
    number: str | None = Field(
        None, min_length=1, max_length=30, description="Person number (Personennummer)"
    )
    salutation: str = Field("", max_length=30)
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    company_name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    language: Literal[tuple(code for code, _name in settings.LANGUAGES)] = "de"  # type: ignore[valid-type]
    street: str = Field("", max_length=200)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    prefers_letters: bool = False


class TenancyIn(In):
    external_id: str = ExternalId
    party: str = Field(..., min_length=1, max_length=64, description="external_id of the tenant")
    unit: str = Field(..., min_length=1, max_length=64, description="external_id of the unit")
    start: dt.date
    end: dt.date | None = None
    contract_number: str = Field("", max_length=40)


class ContractorIn(In):
    external_id: str = ExternalId
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., min_length=3, max_length=254, description="Where work orders are mailed")
    phone: str = Field("", max_length=40)
    emergency_phone: str = Field("", max_length=40)
    street: str = Field("", max_length=200)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    active: bool = True


class RowResult(Schema):
    external_id: str
    id: int = Field(..., description="Our id of the record")
    result: Literal["created", "updated", "unchanged"]


class BulkResult(Schema):
    created: int
    updated: int
    unchanged: int
    items: list[RowResult]


def _bulk(kind: str, items: list[Schema]) -> BulkResult:
    if len(items) > MAX_ROWS:
        raise ApiProblem(
            422, _("Höchstens %(max)s Zeilen pro Anfrage.") % {"max": MAX_ROWS}, kind="validation"
        )
    # Fields a row leaves out keep their stored value; a new record gets the defaults.
    rows = [item.model_dump(exclude_unset=True) | {"external_id": item.external_id} for item in items]
    if kind == "tenancy":
        for number, row in enumerate(rows):
            if row.get("end") and row["end"] < row["start"]:
                raise ApiProblem(
                    422,
                    _("Die Anfrage enthält ungültige Angaben."),
                    kind="validation",
                    errors=[
                        {
                            "field": f"items.{number}.end",
                            "message": _("Das Ende liegt vor dem Beginn."),
                            "row": number,
                        }
                    ],
                )
    try:
        results = upsert(kind, rows)
    except UpsertRejected as rejected:
        raise ApiProblem(
            422,
            _("Nichts übernommen: %(count)s Zeilen sind fehlerhaft.")
            % {"count": len({e.row for e in rejected.errors})},
            kind="validation",
            errors=[
                {"field": f"items.{e.row}.{e.field}", "message": e.message, "row": e.row}
                for e in rejected.errors
            ],
        ) from None
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for result in results:
        counts[result.result] += 1
    return BulkResult(**counts, items=[RowResult(**vars(r)) for r in results])


def _route(path: str, kind: str, schema: type[Schema], what: str):
    class Payload(In):
        items: list[schema] = Field(..., max_length=MAX_ROWS)  # type: ignore[valid-type]

    Payload.__name__ = f"{schema.__name__.removesuffix('In')}Batch"

    @router.post(
        path,
        response={200: BulkResult, **documented(409)},
        operation_id=f"upsert_{kind}",
        summary=f"Create or update {what} by external_id",
    )
    def view(request, payload: Payload):
        return _bulk(kind, payload.items)

    view.__name__ = f"upsert_{kind}"
    return view


upsert_properties = _route("/properties", "property", PropertyIn, "properties")
upsert_buildings = _route("/buildings", "building", BuildingIn, "buildings")
upsert_units = _route("/units", "unit", UnitIn, "units")
upsert_parties = _route("/parties", "party", PartyIn, "parties (tenants, owners, companies)")
upsert_tenancies = _route("/tenancies", "tenancy", TenancyIn, "tenancies with start and end")
upsert_contractors = _route("/contractors", "contractor", ContractorIn, "contractors")
