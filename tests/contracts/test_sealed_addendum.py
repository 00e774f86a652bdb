"""With the company's seal certificate set, the addendum is sealed (letting.services.seal_pdf): its seal
validates, and a changed byte makes validation fail. Without one it is kept unsealed, and staff see so."""

import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import ContractChange
from letting.services import validate_seal

from .conftest import client_for, consent_link, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _approved_move_out(tenant, co_tenant, case_worker) -> ContractChange:
    client_for(tenant.user).post(
        reverse("portal:contract_move_out"),
        {"leaving": co_tenant.pk, "effective_date": in_days(30).isoformat()},
    )
    change = ContractChange.objects.get()
    Client().post(consent_link(co_tenant), {"answer": "agreed"})
    change.process.refresh_from_db()
    client_for(case_worker).post(
        reverse("backoffice:contract_change_approve", args=[change.pk]), {"version": change.process.version}
    )
    change.refresh_from_db()
    return change


def test_the_addendum_is_sealed_and_a_changed_byte_breaks_the_seal(
    seal_certificate, tenant, co_tenant, case_worker
):
    change = _approved_move_out(tenant, co_tenant, case_worker)
    assert change.addendum_sealed
    pdf = change.addendum.read()
    assert validate_seal(pdf).valid
    changed = bytearray(pdf)
    changed[400] ^= 0x01  # inside the first page's objects, covered by the seal
    assert not validate_seal(bytes(changed)).valid


def test_without_a_certificate_it_is_kept_unsealed(settings, tenant, co_tenant, case_worker):
    settings.LEASE_SEAL_CERT = ""
    change = _approved_move_out(tenant, co_tenant, case_worker)
    assert change.addendum and not change.addendum_sealed
    page = client_for(case_worker).get(reverse("backoffice:contract_change", args=[change.pk])).text
    assert "ohne Siegel" in page
