"""The ERP fetches the signed and sealed Mietvertrag through the API once the letting is concluded: the very
file the tenant got, its seal valid; before the countersignature it hears why there is none yet."""

import pytest
from django.core.cache import cache

from api.models import Scope
from letting.seal import validate_seal
from letting.services import countersign, tenant_sign
from tests.api.conftest import ApiClient, make_integration
from tickets.actors import Actor

from .conftest import drawn_png
from .test_whole_flow import trust_root

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def erp(db):
    cache.clear()
    return ApiClient(make_integration(Scope.LETTINGS, name="ERP")[1])


def test_the_erp_fetches_the_sealed_agreement(erp, letting, newcomer, case_worker, seal_certificate):
    url = f"/lettings/{letting.pk}/sealed.pdf"
    early = erp.get(url)
    assert early.status_code == 409
    assert early.json()["detail"] == "Der Mietvertrag ist noch nicht gegengezeichnet und versiegelt."

    tenant_sign(letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash,
                image_png=drawn_png(), ip_address="203.0.113.9")  # fmt: skip
    assert erp.get(url).status_code == 409
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())

    answer = erp.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert f"Mietvertrag-{letting.contract_number}.pdf" in answer["Content-Disposition"]
    body = b"".join(answer.streaming_content)
    assert body == concluded.sealed_pdf.read()
    assert answer["ETag"] == f'"{concluded.sealed_hash}"'
    assert validate_seal(body, trust_roots=[trust_root(seal_certificate)]).valid
    state = erp.get(f"/lettings/{letting.pk}").json()
    assert state["state"] == "concluded" and state["sealed_sha256"] == concluded.sealed_hash


def test_an_unknown_letting_is_404_and_other_scopes_are_refused(erp, letting):
    assert erp.get("/lettings/999999/sealed.pdf").status_code == 404
    other = ApiClient(make_integration(Scope.TICKETS_READ, name="Andere")[1])
    assert other.get(f"/lettings/{letting.pk}/sealed.pdf").status_code == 403
