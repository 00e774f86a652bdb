"""A new tenant from the allocation system to the sealed tenancy agreement, through the real doors: the API
hands them over, the invitation mail is read back and followed through the magic-link sign-in, the tenant
signs on the contract page, staff countersign on theirs, and the sealed PDF validates against the test's
own certificate; one changed byte breaks the seal."""

import base64
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from api.models import Scope
from estate.models import Document, Party, Tenancy
from letting.models import Letting
from letting.seal import validate_seal
from notifications.models import OutboxMessage
from notifications.services import build_email
from tests.api.conftest import ApiClient, make_integration
from tests.letters.pdftools import page_texts

from .conftest import drawn_png, start_date

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def trust_root(path):
    """The test certificate as pyHanko's validator takes it (asn1crypto)."""
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    _key, cert, _rest = pkcs12.load_key_and_certificates(path.read_bytes(), b"geheim")
    return x509.Certificate.load(cert.public_bytes(Encoding.DER))


def test_api_to_sealed_agreement(letting_templates, vacant_unit, case_worker, seal_certificate):
    cache.clear()
    vacant_unit.external_id = "WE-7-0815"
    vacant_unit.save()
    erp = ApiClient(make_integration(Scope.LETTINGS, name="Vergabe")[1])

    answer = erp.post(
        "/lettings",
        {
            "external_id": "VG-2026-0042",
            "person": {
                "external_id": "P-99001",
                "salutation": "Frau",
                "first_name": "Lena",
                "last_name": "Neumann",
                "email": "lena.neumann@example.org",
                "street": "Alte Straße 3",
                "postcode": "10117",
                "city": "Berlin",
            },
            "unit": "WE-7-0815",
            "start": start_date().isoformat(),
            "rent_net": "612.50",
            "operating_costs": "180.00",
            "deposit": "1837.50",
        },
        key="letting-1",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["state"] == "offered"
    assert body["total_rent"] == "792.50"
    letting = Letting.objects.get(pk=body["id"])
    party = Party.objects.get(external_id="P-99001")
    reference = letting.process.ticket.reference

    # The invitation, read back from the outbox, leads to the sign-in page with the contract page as next.
    invitation = OutboxMessage.objects.get(kind="letting_offered")
    assert invitation.recipient_address == "lena.neumann@example.org"
    assert "Mietvertrag" in invitation.subject
    assert "792,50 €" in invitation.body_text
    link = re.search(r"https?://\S+/portal/anmelden/\?next=\S+", invitation.body_text).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    tenant = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Testbrowser")
    mail.outbox.clear()
    with django_capture_on_commit():
        answer = tenant.post("/" + path, {"email": "lena.neumann@example.org"})
    assert answer.status_code == 302
    magic = re.search(r"https?://\S+/portal/anmelden/link/\S+", mail.outbox[-1].body).group(0)
    magic_path = "/" + magic.split("//", 1)[1].split("/", 1)[1]
    answer = tenant.post(magic_path)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal:letting", args=[reference])

    page = tenant.get(answer["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mietvertrag unterschreiben" in text
    assert letting.contract_hash in text

    answer = tenant.post(
        reverse("portal:letting", args=[reference]),
        {
            "agree": "on",
            "contract_hash": letting.contract_hash,
            "version": letting.process.version,
            "image": data_url(drawn_png()),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    letting.refresh_from_db()
    assert letting.state == Letting.State.TENANT_SIGNED
    signature = letting.tenant_signature
    assert signature.party == party
    assert signature.ip_address == "203.0.113.7"
    assert signature.user_agent == "Mozilla/5.0 (iPhone) Testbrowser"
    assert signature.document_hash == letting.contract_hash

    staff = Client(REMOTE_ADDR="198.51.100.20")
    staff.force_login(case_worker)
    page = staff.get(reverse("backoffice:letting", args=[reference]))
    assert "Gegenzeichnen und versiegeln" in page.content.decode()
    letting.process.refresh_from_db()
    with django_capture_on_commit():
        answer = staff.post(
            reverse("backoffice:letting_countersign", args=[reference]),
            {"version": letting.process.version, "image": data_url(drawn_png())},
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    letting.refresh_from_db()
    assert letting.state == Letting.State.CONCLUDED

    sealed = letting.sealed_pdf.read()
    status = validate_seal(sealed, trust_roots=[trust_root(seal_certificate)])
    assert status.present and status.intact and status.trusted and status.covers_whole_file
    assert status.label == "Siegel gültig"

    # One flipped byte inside the signed range: the digest no longer matches.
    changed = bytearray(sealed)
    position = sealed.index(b"Mietvertrag") if b"Mietvertrag" in sealed else 400
    changed[position + 2] ^= 0x01
    broken = validate_seal(bytes(changed), trust_roots=[trust_root(seal_certificate)])
    assert not broken.valid
    assert broken.label == "verändert"

    # The final PDF carries both signatures and the audit page.
    text = "\n".join(page_texts(sealed))
    assert "Prüfprotokoll der elektronischen Unterschriften" in text
    assert "203.0.113.7" in text and "198.51.100.20" in text
    assert letting.contract_hash[:32] in text.replace("\n", "").replace(" ", "")

    tenancy = Tenancy.objects.get(party=party)
    assert (tenancy.unit, tenancy.start, tenancy.contract_number) == (
        vacant_unit,
        start_date(),
        letting.contract_number,
    )
    assert Document.objects.get(party=party, kind="mietvertrag").file.name == letting.sealed_pdf.name

    concluded = OutboxMessage.objects.get(kind="letting_concluded")
    email = build_email(concluded)
    [(name, content, content_type)] = email.attachments
    assert name == f"Mietvertrag-{letting.contract_number}.pdf"
    assert content == sealed and content_type == "application/pdf"

    # Staff see the seal, the ERP the state, the tenant the sealed contract.
    page = staff.get(reverse("backoffice:letting", args=[reference])).content.decode()
    assert "Siegel gültig" in page and "203.0.113.7" in page
    row = erp.get(f"/lettings/{letting.pk}").json()
    assert row["state"] == "concluded"
    assert row["tenancy_id"] == tenancy.pk
    assert row["sealed_sha256"] == letting.sealed_hash
    page = tenant.get(reverse("portal:letting", args=[reference])).content.decode()
    assert "abgeschlossen" in page and "Versiegelten Mietvertrag öffnen" in page
    assert tenant.get(reverse("portal:letting_pdf", args=[reference])).getvalue() == sealed
    assert Decimal(row["deposit"]) == Decimal("1837.50")


def django_capture_on_commit():
    """Run the on_commit callbacks (the sign-in mail leaves after commit) inside the test's transaction."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
