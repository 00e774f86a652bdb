"""Contract change fixtures: the templates (migration contracts 0002 installs them; a flushed database needs
them again), a second tenant of the same contract, and helpers to walk a change through its pages."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from contracts.standard import install
from notifications.models import OutboxMessage
from tests.factories import PartyFactory, TenancyFactory, resident_user


@pytest.fixture(autouse=True)
def contract_templates(db):
    install(apps)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def co_tenant(tenant):
    """Ben, the second tenant of Erika's contract, with a portal login."""
    tenancy = tenant.tenancies.get()
    tenancy.contract_number = "MV-4711"
    tenancy.save(update_fields=["contract_number"])
    party = TenancyFactory(
        unit=tenancy.unit,
        contract_number="MV-4711",
        party=PartyFactory(first_name="Ben", last_name="Mustermann"),
    ).party
    resident_user(party)
    return party


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def jpeg(name: str = "urkunde.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(content: bytes = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", name="urkunde.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def consent_link(party) -> str:
    """The link in the last consent mail the party got."""
    mail = OutboxMessage.objects.filter(kind="contract_consent", recipient_party=party).latest("pk")
    path = reverse("portal:contract_changes") + "zustimmung/"
    start = mail.body_text.index(path)
    return mail.body_text[start:].split()[0]


@pytest.fixture
def seal_certificate(tmp_path, settings):
    """A throwaway self-signed seal certificate, configured as the company's (letting.seal)."""
    from letting.seal import self_signed_seal_p12

    path = tmp_path / "seal.p12"
    path.write_bytes(
        self_signed_seal_p12(common_name="Testsiegel", password="geheim", organisation="Test eG")
    )
    settings.LEASE_SEAL_CERT = str(path)
    settings.LEASE_SEAL_PASSWORD = "geheim"
    return path
