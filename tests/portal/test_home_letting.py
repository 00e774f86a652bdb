"""The portal home tells a new tenant where their Mietvertrag stands: waiting for their signature, waiting
for the countersignature, or concluded with the tenancy still ahead (no "keine Wohnung hinterlegt")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from letting.models import Letting
from letting.services import start_letting
from letting.standard import install, install_clauses
from tests.factories import BuildingFactory, PartyFactory, UnitFactory, resident_user
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

START = timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def newcomer(db):
    party = PartyFactory(first_name="Lena", last_name="Neumann", email="lena.neumann@example.org")
    resident_user(party)
    return party


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer.user)
    return client


@pytest.fixture
def letting(db, media, newcomer, case_worker):
    install(apps)
    install_clauses(apps)
    building = BuildingFactory(street="Lindenallee", house_number="14", postcode="10115", city="Berlin")
    unit = UnitFactory(building=building, number="W-0207", floor="2. OG rechts")
    process = start_letting(
        party=newcomer,
        unit=unit,
        start=START,
        rent_net=Decimal("612.50"),
        operating_costs=Decimal("180.00"),
        deposit=Decimal("1837.50"),
        by=Actor.for_user(case_worker),
    )
    return process.letting


def _home(client) -> str:
    return client.get(reverse("portal:home")).content.decode()


def test_the_contract_waiting_for_the_signature_has_a_card_with_the_flat_and_the_way_to_sign(
    newcomer_client, letting
):
    page = _home(newcomer_client)
    assert "Ihr Mietvertrag wartet auf Ihre Unterschrift" in page
    assert "Lindenallee 14, 2. OG rechts (W-0207)" in page
    assert "10115 Berlin" in page
    assert reverse("portal:letting", args=[letting.process.ticket.reference]) in page
    assert "Mietvertrag lesen und unterschreiben" in page
    assert "zur Gegenzeichnung" not in page
    signing = newcomer_client.get(reverse("portal:letting", args=[letting.process.ticket.reference]))
    assert signing.status_code == 200


def test_after_signing_the_card_says_the_contract_is_with_us_for_countersigning(newcomer_client, letting):
    Letting.objects.filter(pk=letting.pk).update(state=Letting.State.TENANT_SIGNED)
    page = _home(newcomer_client)
    assert "Ihr Mietvertrag liegt zur Gegenzeichnung bei uns" in page
    assert "Lindenallee 14, 2. OG rechts (W-0207)" in page
    assert "wartet auf Ihre Unterschrift" not in page


@pytest.mark.parametrize("state", [Letting.State.OFFERED, Letting.State.TENANT_SIGNED])
def test_the_contract_shows_once_not_again_among_the_open_reports(newcomer_client, letting, state):
    Letting.objects.filter(pk=letting.pk).update(state=state)
    page = _home(newcomer_client)
    assert page.count(reverse("portal:letting", args=[letting.process.ticket.reference])) == 1
    assert "Mietvertrag (Neuvermietung)" not in page
    assert reverse("portal:ticket", args=[letting.process.ticket.reference]) not in page
    assert "Sie haben keine offenen Meldungen." in page


def test_once_concluded_the_home_names_the_start_of_the_tenancy_instead_of_no_flat(newcomer_client, letting):
    Letting.objects.filter(pk=letting.pk).update(state=Letting.State.CONCLUDED)
    page = _home(newcomer_client)
    assert f"Ihr Mietverhältnis beginnt am {START:%d.%m.%Y}" in page
    assert "Lindenallee 14, 2. OG rechts (W-0207)" in page
    assert "keine Wohnung hinterlegt" not in page
    assert "Gegenzeichnung" not in page
    assert "wartet auf Ihre Unterschrift" not in page


def test_once_the_tenancy_has_begun_the_letting_card_is_gone(newcomer_client, letting):
    Letting.objects.filter(pk=letting.pk).update(state=Letting.State.CONCLUDED, start=timezone.localdate())
    page = _home(newcomer_client)
    assert "Ihr Mietverhältnis beginnt" not in page


def test_a_withdrawn_contract_shows_nothing(newcomer_client, letting):
    Letting.objects.filter(pk=letting.pk).update(state=Letting.State.CANCELLED)
    page = _home(newcomer_client)
    assert "Ihr Mietvertrag" not in page
    assert "Ihr Mietverhältnis beginnt" not in page
    assert "keine Wohnung hinterlegt" in page


@pytest.mark.parametrize(
    "state", [Letting.State.OFFERED, Letting.State.TENANT_SIGNED, Letting.State.CONCLUDED]
)
def test_another_tenant_sees_none_of_it(tenant_client, letting, state):
    Letting.objects.filter(pk=letting.pk).update(state=state)
    page = _home(tenant_client)
    assert "Ihr Mietvertrag" not in page
    assert "Ihr Mietverhältnis beginnt" not in page
    assert "Lindenallee 14" not in page
    assert letting.process.ticket.reference not in page


def test_the_home_asks_once_for_the_lettings_however_many(
    newcomer_client, letting, case_worker, django_assert_num_queries
):
    # A second flat offered (a parking space beside it, say), already signed: still one query for both.
    process = start_letting(
        party=letting.party,
        unit=UnitFactory(building=letting.unit.building, number="S-07", floor=""),
        start=START,
        rent_net=Decimal("60.00"),
        operating_costs=Decimal("0.00"),
        deposit=Decimal("0.00"),
        by=Actor.for_user(case_worker),
    )
    Letting.objects.filter(pk=process.letting.pk).update(state=Letting.State.TENANT_SIGNED)
    _home(newcomer_client)
    # As the plain home (tests/portal/test_home.py) plus the one query for the lettings.
    with django_assert_num_queries(9):
        page = _home(newcomer_client)
    assert "Ihr Mietvertrag wartet auf Ihre Unterschrift" in page
    assert "Ihr Mietvertrag liegt zur Gegenzeichnung bei uns" in page
