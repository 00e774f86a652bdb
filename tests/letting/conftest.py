import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from PIL import Image, ImageDraw

from letting.seal import self_signed_seal_p12
from letting.services import start_letting
from letting.standard import install, install_clauses
from tests.factories import PartyFactory, UnitFactory, resident_user
from tickets.actors import Actor


@pytest.fixture
def letting_templates(db):
    """The letting template and the standard clauses (migration letting 0002 installs them; a flushed
    database needs them again)."""
    install(apps)
    install_clauses(apps)


@pytest.fixture
def seal_certificate(tmp_path, settings):
    """A throwaway self-signed seal certificate, configured as the company's."""
    path = tmp_path / "seal.p12"
    path.write_bytes(
        self_signed_seal_p12(common_name="Testsiegel Mietvertrag", password="geheim", organisation="Test eG")
    )
    settings.LEASE_SEAL_CERT = str(path)
    settings.LEASE_SEAL_PASSWORD = "geheim"
    return path


@pytest.fixture
def no_seal_certificate(settings):
    settings.LEASE_SEAL_CERT = ""
    settings.LEASE_SEAL_PASSWORD = ""


@pytest.fixture
def vacant_unit(db):
    return UnitFactory(floor="2. OG rechts", rooms=Decimal("3.0"), area=Decimal("72.40"))


@pytest.fixture
def newcomer(db):
    """The new tenant from the allocation system: no tenancy yet, no portal login yet."""
    return PartyFactory(first_name="Lena", last_name="Neumann", email="lena.neumann@example.org")


@pytest.fixture
def newcomer_user(newcomer):
    return resident_user(newcomer)


def start_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def letting(letting_templates, newcomer, vacant_unit, case_worker):
    process = start_letting(
        party=newcomer,
        unit=vacant_unit,
        start=start_date(),
        rent_net=Decimal("612.50"),
        operating_costs=Decimal("180.00"),
        deposit=Decimal("1837.50"),
        by=Actor.for_user(case_worker),
    )
    return process.letting


def drawn_png() -> bytes:
    image = Image.new("RGB", (400, 150), "white")
    ImageDraw.Draw(image).line([(20, 120), (120, 30), (220, 110), (380, 40)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
