"""A resident's places: the units they rent or own and the properties where they sit on the board or
look after the building. The home page lists them and the report wizard offers them."""

from dataclasses import dataclass

from django.db.models import F, Value
from django.utils.translation import gettext_lazy as _

from estate.models import (
    RESIDENT_ROLES,
    BoardMembership,
    CaretakerAssignment,
    Ownership,
    Party,
    Property,
    Tenancy,
    Unit,
)


@dataclass(frozen=True)
class Place:
    key: str  # "u<unit id>" or "p<property id>", carried through the report wizard
    role: str
    prop: Property
    unit: Unit | None = None

    @property
    def title(self) -> str:
        return str(self.unit) if self.unit else self.prop.name


def places_for(party: Party) -> list[Place]:
    places: list[Place] = []
    for tenancy in Tenancy.objects.current().filter(party=party).select_related("unit__building__property"):
        places.append(
            Place(f"u{tenancy.unit_id}", _("Mieter/in"), tenancy.unit.building.property, tenancy.unit)
        )
    for owned in Ownership.objects.current().filter(party=party).select_related("unit__building__property"):
        places.append(
            Place(f"u{owned.unit_id}", _("Eigentümer/in"), owned.unit.building.property, owned.unit)
        )
    for board in BoardMembership.objects.current().filter(party=party).select_related("property"):
        places.append(Place(f"p{board.property_id}", _("Beirat"), board.property))
    cares = list(CaretakerAssignment.objects.current().filter(party=party).select_related("property"))
    for care in cares:
        places.append(Place(f"p{care.property_id}", _("Hauswart"), care.property))
    # The same rows answer `access.is_caretaker` for the menu of this request.
    party._is_caretaker = bool(cares)
    return places


def property_ids_for(party: Party) -> list[int]:
    """The properties where the party has a current role, in one query: the roles' UNION (as
    `Property.objects.of_party`), each row saying whether it is a caretaker's, which answers
    `access.is_caretaker` for the menu of this request."""
    # Each role's two columns named alike, so the UNION reads the same on PostgreSQL and SQLite.
    first, *rest = (
        role.objects.current()
        .filter(party=party)
        .order_by()
        .annotate(place=F(role.property_path), caretaker=Value(role is CaretakerAssignment))
        .values_list("place", "caretaker")
        for role in RESIDENT_ROLES
    )
    rows = list(first.union(*rest).order_by())
    party._is_caretaker = any(caretaker for _property_id, caretaker in rows)
    return list({property_id: None for property_id, _caretaker in rows})


def report_places(party: Party) -> list[Place]:
    """What one can report about: each own unit, and the common areas of every property one belongs to."""
    places = places_for(party)
    choices: dict[str, Place] = {}
    for place in places:
        if place.unit is not None:
            choices.setdefault(place.key, place)
    for place in places:
        key = f"p{place.prop.pk}"
        choices.setdefault(key, Place(key, _("Gemeinschaftsbereich"), place.prop))
    return list(choices.values())


def find_place(party: Party, key: str) -> Place | None:
    return next((p for p in report_places(party) if p.key == key), None)
