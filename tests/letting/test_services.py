import pytest

from estate.models import Document, Tenancy
from letting.models import Letting
from letting.services import countersign, letting_seal_status, tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = pytest.mark.pdf


def test_the_whole_letting_ends_sealed_with_a_tenancy(
    letting, newcomer_user, newcomer, case_worker, seal_certificate
):
    tenant_sign(
        letting,
        actor=Actor.for_party(newcomer),
        contract_hash=letting.contract_hash,
        image_png=drawn_png(),
        ip_address="203.0.113.5",
        user_agent="pytest",
    )
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    assert concluded.state == Letting.State.CONCLUDED
    status = letting_seal_status(concluded)
    assert status.valid, status
    assert Tenancy.objects.get(party=newcomer).contract_number == concluded.contract_number
    assert Document.objects.filter(party=newcomer, kind="mietvertrag").count() == 1
