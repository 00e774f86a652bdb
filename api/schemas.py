"""Shapes shared by several resources: the place, the catalog item with its VERA codes, a page."""

from ninja import Schema
from pydantic import field_validator

from tickets.models import Ticket

from . import vera


class In(Schema):
    """Base of every request shape: text a database cannot store (NUL) is a field error, not a 500."""

    @field_validator("*", mode="before")
    @classmethod
    def no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class PropertyRef(Schema):
    id: int
    external_id: str | None
    code: str
    name: str
    address: str


class UnitRef(Schema):
    id: int
    external_id: str | None
    number: str
    floor: str
    building: str


class ItemRef(Schema):
    """What was reported: our catalog code and name, and the defect in VERA's codes where mapped."""

    code: str
    name: str
    category: str
    defect_location: vera.Code | None
    defect_kind: vera.Code | None


def property_ref(ticket: Ticket) -> PropertyRef:
    prop = ticket.property
    return PropertyRef(
        id=prop.pk, external_id=prop.external_id, code=prop.code, name=prop.name, address=prop.address
    )


def unit_ref(ticket: Ticket) -> UnitRef | None:
    unit = ticket.unit
    if unit is None:
        return None
    return UnitRef(
        id=unit.pk,
        external_id=unit.external_id,
        number=unit.number,
        floor=unit.floor,
        building=str(unit.building),
    )


def item_ref(ticket: Ticket) -> ItemRef:
    item = ticket.item
    return ItemRef(
        code=item.code,
        name=item.name_de,
        category=ticket.category.code,
        defect_location=vera.defect_location(item),
        defect_kind=vera.defect_kind(item),
    )
