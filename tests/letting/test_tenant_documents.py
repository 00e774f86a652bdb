"""Once countersigned, the new tenant keeps the sealed Mietvertrag among their documents in the portal: the
very file that was sealed, its seal intact when downloaded from there."""

import pytest
from django.test import Client
from django.urls import reverse

from estate.models import Document
from letting.seal import validate_seal
from letting.services import countersign, tenant_sign
from tickets.actors import Actor

from .conftest import drawn_png
from .test_whole_flow import trust_root

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_the_sealed_agreement_is_among_the_tenants_documents(
    letting, newcomer, newcomer_user, case_worker, seal_certificate
):
    tenant = Client()
    tenant.force_login(newcomer_user)
    assert letting.contract_number not in tenant.get(reverse("portal:documents")).content.decode()
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    # Signed by the tenant only: nothing sealed to keep yet.
    assert not Document.objects.filter(party=newcomer).exists()
    concluded = countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())

    page = tenant.get(reverse("portal:documents")).content.decode()
    document = Document.objects.get(party=newcomer, kind="mietvertrag")
    assert f"Mietvertrag {letting.contract_number}" in page
    assert reverse("portal:document", args=[document.pk]) in page
    answer = tenant.get(reverse("portal:document", args=[document.pk]))
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content) if answer.streaming else answer.content
    assert body == concluded.sealed_pdf.read()
    assert validate_seal(body, trust_roots=[trust_root(seal_certificate)]).valid
