"""Master data kept in sync with the company's ERP: rows upserted by the ERP's own keys (`external_id`,
VERA's idExtern), thousands per call, all or nothing. The admin's CSV import (estate/imports.py) reads a
spreadsheet row by row with its German cells; this path takes typed rows and runs a fixed number of
queries per batch, whatever its size, so a nightly sync of 100,000 homes stays quick.

A record created before the ERP knew it (by the CSV import, say) is adopted by its natural key (property
number, building address, unit number, person number) and gets the ERP's key; a natural key already
held by a record with another ERP key is an error of that row. Running the same rows twice changes
nothing the second time."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import Building, Contractor, Party, Property, Tenancy, Unit

BATCH = 1000
# An UPDATE of many rows at once is a CASE per column with one branch per row, which PostgreSQL walks
# for every row: smaller batches, and only the columns that changed, keep it linear.
UPDATE_BATCH = 250


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


class UpsertRejected(Exception):
    """Nothing was written: these rows are wrong."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


@dataclass(frozen=True)
class RowResult:
    external_id: str
    id: int
    result: str  # created, updated, unchanged


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    fields: tuple[str, ...]
    # row key -> (foreign key attribute, parent model), the parent named by its external_id
    parents: dict[str, tuple[str, type[models.Model]]] = field(default_factory=dict)
    # the natural key: model attributes (after the parents are resolved)
    natural_key: tuple[str, ...] = ()
    # which existing rows may share a natural key with the request's, fetched in one query
    candidates: Callable[[list[dict]], models.QuerySet] | None = None


def _by(attr: str):
    return lambda rows: {r[attr] for r in rows if r.get(attr) not in (None, "")}


KINDS: dict[str, Kind] = {
    "property": Kind(
        Property,
        ("code", "name", "street", "postcode", "city", "state", "access_notes"),
        natural_key=("code",),
        candidates=lambda rows: Property.objects.filter(code__in=_by("code")(rows)),
    ),
    "building": Kind(
        Building,
        ("street", "house_number", "postcode", "city"),
        parents={"property": ("property_id", Property)},
        natural_key=("property_id", "street", "house_number"),
        candidates=lambda rows: Building.objects.filter(property_id__in=_by("property_id")(rows)),
    ),
    "unit": Kind(
        Unit,
        ("number", "kind", "floor", "rooms", "area"),
        parents={"building": ("building_id", Building)},
        natural_key=("building_id", "number"),
        candidates=lambda rows: Unit.objects.filter(building_id__in=_by("building_id")(rows)),
    ),
    "party": Kind(
        Party,
        (
            "kind",
            "number",
            "salutation",
            "first_name",
            "last_name",
            "company_name",
            "email",
            "phone",
            "language",
            "street",
            "postcode",
            "city",
            "prefers_letters",
        ),
        natural_key=("number",),
        candidates=lambda rows: Party.objects.filter(number__in=_by("number")(rows)),
    ),
    "tenancy": Kind(
        Tenancy,
        ("start", "end", "contract_number"),
        parents={"party": ("party_id", Party), "unit": ("unit_id", Unit)},
        natural_key=("party_id", "unit_id", "start"),
        candidates=lambda rows: Tenancy.objects.filter(unit_id__in=_by("unit_id")(rows)),
    ),
    "contractor": Kind(
        Contractor, ("name", "email", "phone", "emergency_phone", "street", "postcode", "city", "active")
    ),
}


@transaction.atomic
def upsert(kind_name: str, rows: list[dict]) -> list[RowResult]:
    """Create or update `rows` (each with `external_id`, the kind's fields and its parents' external ids)
    in one transaction. Raises UpsertRejected with every row's errors, and then nothing is written."""
    kind = KINDS[kind_name]
    errors: list[RowError] = []
    rows = [dict(row) for row in rows]
    _check_unique_in_request(rows, "external_id", errors)
    _resolve_parents(kind, rows, errors)
    existing = {
        obj.external_id: obj
        for obj in kind.model.objects.filter(external_id__in=[r["external_id"] for r in rows])
    }
    by_natural = _natural_keys(kind, rows, errors)
    to_create, to_update, plan, changed_attrs = [], [], [], set()
    for number, row in enumerate(rows):
        obj = existing.get(row["external_id"])
        if obj is None and kind.natural_key and number not in {e.row for e in errors}:
            obj = _adopt(kind, row, number, by_natural, errors)
        outcome = "created" if obj is None else "unchanged"
        obj = obj or kind.model(external_id=row["external_id"])
        changed = _assign(kind, obj, row)
        if obj.pk and changed:
            outcome = "updated"
            changed_attrs |= changed
        try:
            obj.clean_fields(exclude=_unset(kind, row))
        except ValidationError as invalid:
            errors.extend(
                RowError(number, name, message)
                for name, messages in invalid.message_dict.items()
                for message in messages
            )
        plan.append((obj, outcome))
        if outcome == "created":
            to_create.append(obj)
        elif outcome == "updated":
            to_update.append(obj)
    if errors:
        raise UpsertRejected(sorted(errors, key=lambda e: e.row))
    kind.model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        kind.model.objects.bulk_update(to_update, sorted(changed_attrs), batch_size=UPDATE_BATCH)
    return [RowResult(obj.external_id, obj.pk, outcome) for obj, outcome in plan]


def _check_unique_in_request(rows: list[dict], key: str, errors: list[RowError]) -> None:
    seen: dict[str, int] = {}
    for number, row in enumerate(rows):
        value = row[key]
        if value in seen:
            errors.append(
                RowError(number, key, _("Kommt schon in Zeile %(row)s vor.") % {"row": seen[value]})
            )
        seen.setdefault(value, number)


def _resolve_parents(kind: Kind, rows: list[dict], errors: list[RowError]) -> None:
    for key, (attr, model) in kind.parents.items():
        wanted = {row[key] for row in rows}
        known = dict(model.objects.filter(external_id__in=wanted).values_list("external_id", "pk"))
        for number, row in enumerate(rows):
            pk = known.get(row[key])
            if pk is None:
                errors.append(
                    RowError(
                        number,
                        key,
                        _("„%(id)s“ ist nicht bekannt; bitte zuerst übertragen.") % {"id": row[key]},
                    )
                )
            row[attr] = pk


def _natural_key(kind: Kind, values) -> tuple | None:
    key = tuple(values(attr) for attr in kind.natural_key)
    return None if any(part in (None, "") for part in key) else key


def _natural_keys(kind: Kind, rows: list[dict], errors: list[RowError]) -> dict:
    """Existing records by natural key, and a check that no two rows of the request share one."""
    if not kind.natural_key:
        return {}
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows):
        key = _natural_key(kind, row.get)
        if key is not None and key in seen:
            errors.append(
                RowError(
                    number,
                    kind.natural_key[-1].removesuffix("_id"),
                    _("Dieselbe Angabe wie in Zeile %(row)s.") % {"row": seen[key]},
                )
            )
        elif key is not None:
            seen[key] = number
    return {
        _natural_key(kind, lambda attr, obj=obj: getattr(obj, attr)): obj for obj in kind.candidates(rows)
    }


def _adopt(kind: Kind, row: dict, number: int, by_natural: dict, errors: list[RowError]):
    """The record that already has this row's natural key, if it has no ERP key yet."""
    obj = by_natural.get(_natural_key(kind, row.get))
    if obj is None:
        return None
    if obj.external_id and obj.external_id != row["external_id"]:
        errors.append(
            RowError(
                number,
                kind.natural_key[-1].removesuffix("_id"),
                _("Schon vergeben an den Datensatz „%(id)s“.") % {"id": obj.external_id},
            )
        )
        return None
    return obj


def _assign(kind: Kind, obj, row: dict) -> set[str]:
    """Set the row's values on `obj`; the attributes that changed."""
    changed = {"external_id"} if obj.external_id != row["external_id"] else set()
    obj.external_id = row["external_id"]
    attrs = [*kind.fields, *(attr for attr, _model in kind.parents.values())]
    for attr in attrs:
        if attr not in row:
            continue
        value = row[attr]
        if getattr(obj, attr) != value:
            setattr(obj, attr, value)
            changed.add(attr)
    return changed


def _unset(kind: Kind, row: dict) -> list[str]:
    """Fields the row leaves out keep their value and are not checked again; foreign keys are checked
    by their resolution above."""
    return [f for f in kind.fields if f not in row] + [
        attr.removesuffix("_id") for attr, _model in kind.parents.values()
    ]
