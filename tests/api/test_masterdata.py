"""Master data upserted by the ERP's keys: in bulk, all or nothing, idempotent."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from estate.models import Building, Property, Unit
from tests.factories import PropertyFactory


def _property(erp, ext="P1", **fields):
    row = {
        "external_id": ext,
        "code": f"C-{ext}",
        "name": "Am Park",
        "street": "Parkweg 1",
        "postcode": "10115",
        "city": "Berlin",
        **fields,
    }
    return erp.post("/masterdata/properties", {"items": [row]})


def _building(erp, ext="B1", prop="P1"):
    row = {
        "external_id": ext,
        "property": prop,
        "street": "Parkweg",
        "house_number": "1",
        "postcode": "10115",
        "city": "Berlin",
    }
    return erp.post("/masterdata/buildings", {"items": [row]})


def _units(n, building="B1", **fields):
    return [
        {"external_id": f"U{i}", "building": building, "number": f"{i:04d}", "area": "61.50", **fields}
        for i in range(n)
    ]


def test_units_are_created_then_unchanged_on_retry(erp):
    _property(erp)
    _building(erp)
    first = erp.post("/masterdata/units", {"items": _units(3)})
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 3
    again = erp.post("/masterdata/units", {"items": _units(3)})
    assert again.json() | {"items": None} == {"created": 0, "updated": 0, "unchanged": 3, "items": None}
    assert Unit.objects.count() == 3


def test_a_changed_row_is_updated_and_left_out_fields_are_kept(erp):
    _property(erp)
    _building(erp)
    erp.post("/masterdata/units", {"items": _units(1, floor="EG")})
    response = erp.post(
        "/masterdata/units",
        {"items": [{"external_id": "U0", "building": "B1", "number": "0000", "area": "70"}]},
    )
    assert response.json()["items"][0]["result"] == "updated"
    unit = Unit.objects.get(external_id="U0")
    assert (str(unit.area), unit.floor) == ("70.00", "EG")


def test_one_bad_row_rejects_the_request_with_that_rows_error(erp):
    _property(erp)
    _building(erp)
    rows = _units(5)
    rows[3]["building"] = "B-unknown"
    response = erp.post("/masterdata/units", {"items": rows})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "items.3.building")]
    assert Unit.objects.count() == 0


def test_a_type_error_names_its_row_and_field(erp):
    rows = _units(2)
    rows[1]["area"] = "viel"
    response = erp.post("/masterdata/units", {"items": rows})
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(1, "items.1.area")]


def test_a_record_imported_before_is_adopted_by_its_natural_key(erp):
    existing = PropertyFactory(code="C-P1")
    response = _property(erp)
    assert response.json()["items"][0] == {"external_id": "P1", "id": existing.pk, "result": "updated"}
    assert Property.objects.get().external_id == "P1"


def test_a_natural_key_held_by_another_erp_record_is_refused(erp):
    _property(erp, "P1")
    response = _property(erp, "P2", code="C-P1")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items.0.code"


def test_queries_do_not_grow_with_the_rows(erp):
    _property(erp)
    _building(erp)
    counts = []
    for n in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = erp.post(
                "/masterdata/units",
                {
                    "items": _units(n, building="B1")
                    if n == 1
                    else [
                        r | {"external_id": f"X{r['external_id']}", "number": f"X{r['number']}"}
                        for r in _units(n)
                    ]
                },
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Building.objects.count() == 1


def test_a_body_over_the_upload_limit_is_a_413_problem(erp, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    rows = [{"external_id": f"P{n}", "name": "Wohnanlage " * 5} for n in range(50)]
    response = erp.post("/masterdata/properties", {"items": rows})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "zu groß" in response.json()["detail"]
