"""An Idempotency-Key makes a POST safe to retry: the first answer is replayed."""

from estate.models import Property


def _row(name="Am Park"):
    return {
        "items": [
            {
                "external_id": "P1",
                "code": "C1",
                "name": name,
                "street": "Weg 1",
                "postcode": "10115",
                "city": "Berlin",
            }
        ]
    }


def test_a_retry_with_the_same_key_gets_the_first_answer(erp):
    first = erp.post("/masterdata/properties", _row(), key="sync-1")
    Property.objects.update(name="changed meanwhile")
    again = erp.post("/masterdata/properties", _row(), key="sync-1")
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Property.objects.get().name == "changed meanwhile"  # the retry did nothing


def test_the_same_key_with_another_body_is_refused(erp):
    erp.post("/masterdata/properties", _row(), key="sync-1")
    response = erp.post("/masterdata/properties", _row("Anders"), key="sync-1")
    assert response.status_code == 422
    assert response.json()["type"].endswith("idempotency-key-reused")


def test_keys_belong_to_one_integration(erp):
    from tests.api.conftest import ApiClient, make_integration

    _integration, token = make_integration("masterdata:write")
    erp.post("/masterdata/properties", _row(), key="k")
    other = ApiClient(token).post("/masterdata/properties", _row("Anders"), key="k")
    assert other.status_code == 200
    assert "Idempotent-Replayed" not in other
