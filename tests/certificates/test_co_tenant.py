"""A co-tenant moving in (or out) through Vertragsänderungen gets the Wohnungsgeberbestätigung by itself
once the change is approved: the person moving, their day, the home of the contract."""

import pytest

from certificates.models import Certificate
from contracts.models import ContractChange
from estate.models import Party
from tests.contracts.conftest import co_tenant, contract_templates  # noqa: F401  (fixtures)
from tests.contracts.test_co_tenant import _approve, _consent, _move_in

from .conftest import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_a_co_tenant_moving_in_gets_the_confirmation_when_approved(
    contract_templates,  # noqa: F811
    tenant,
    co_tenant,  # noqa: F811
    case_worker,
    django_capture_on_commit_callbacks,
):
    assert _move_in(tenant).status_code == 302
    change = ContractChange.objects.get()
    clara = Party.objects.get(email="clara@example.org")
    for party in (co_tenant, clara):
        assert _consent(party)[0].status_code == 302
    assert not Certificate.objects.exists()  # nobody has moved yet
    with django_capture_on_commit_callbacks(execute=True):
        assert _approve(case_worker, change).status_code == 302
    certificate = Certificate.objects.get(party=clara)
    assert certificate.event == Certificate.Event.MOVE_IN
    assert certificate.event_date == change.effective_date and certificate.persons == ["Clara Neu"]
    text = " ".join(text_of(certificate).split())
    day = change.effective_date.strftime("%d.%m.%Y")
    assert f"Datum des Einzugs {day}" in text and "Clara Neu" in text
    assert not Certificate.objects.exclude(party=clara).exists()  # the others did not move
