"""The demo's lettings: one at each point of the process, the concluded one sealed with the throwaway demo
certificate the seed writes where DEBUG's default setting expects it; a second run changes nothing."""

import pytest

from demo.company import Company
from demo.letting import build_lettings, ensure_demo_certificate
from letting.models import Letting
from letting.services import letting_seal_status
from tests.factories import BuildingFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_demo_shows_every_point_of_a_letting(settings, tmp_path):
    settings.DEBUG = True
    settings.LEASE_SEAL_CERT = str(tmp_path / "lease-seal-demo.p12")
    settings.LEASE_SEAL_PASSWORD = "demo-seal"
    building = BuildingFactory()
    company = Company(
        properties=[building.property], staff={"e.yilmaz": StaffFactory(roles=["Sachbearbeitung"])}
    )

    build_lettings(company)
    build_lettings(company)

    states = dict(Letting.objects.values_list("party__last_name", "state"))
    assert states == {"Winter": "offered", "Berger": "tenant_signed", "Sommer": "concluded"}
    concluded = Letting.objects.get(state=Letting.State.CONCLUDED)
    assert letting_seal_status(concluded).label == "Siegel gültig"
    assert concluded.tenancy.unit.number == "N-03"
    # The tenant signed in the portal: the ticket's row names the tenant, not an unnamed worker.
    events = concluded.process.ticket.events
    signed = events.filter(data__step="tenant_signature", data__action="step_done").first()
    assert signed is not None and signed.actor_id is not None
    assert signed.actor_id == concluded.party.user_id


def test_production_gets_no_demo_certificate(settings, tmp_path):
    settings.DEBUG = False
    settings.LEASE_SEAL_CERT = str(tmp_path / "lease-seal-demo.p12")
    assert ensure_demo_certificate() is False
    assert not (tmp_path / "lease-seal-demo.p12").exists()


@pytest.mark.parametrize("certificate", ["missing", "wrong password"])
def test_the_demo_without_a_usable_certificate_leaves_the_third_letting_waiting(
    settings, tmp_path, client, certificate
):
    settings.DEBUG = True
    path = tmp_path / "company-seal.p12"
    if certificate == "wrong password":
        from letting.seal import self_signed_seal_p12

        path.write_bytes(self_signed_seal_p12(common_name="Siegel", password="richtig"))
    settings.LEASE_SEAL_CERT, settings.LEASE_SEAL_PASSWORD = str(path), "falsch"
    building = BuildingFactory()
    staff = StaffFactory(roles=["Sachbearbeitung"])
    company = Company(properties=[building.property], staff={"e.yilmaz": staff})

    build_lettings(company)

    states = dict(Letting.objects.values_list("party__last_name", "state"))
    assert states == {"Winter": "offered", "Berger": "tenant_signed", "Sommer": "tenant_signed"}
    assert (path.exists(), Letting.objects.filter(sealed_pdf="").count()) == (certificate != "missing", 3)
    # The staff page says why it cannot be countersigned, instead of offering a form that fails.
    client.force_login(staff)
    sommer = Letting.objects.get(party__last_name="Sommer")
    page = client.get(f"/backoffice/vermietungen/{sommer.process.ticket.reference}/").content.decode()
    assert "Es ist kein Siegelzertifikat eingerichtet (LEASE_SEAL_CERT)" in page
    assert "Gegenzeichnen und versiegeln" not in page
