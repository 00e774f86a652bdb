"""Only the letting's own tenant signs, only the agreement they saw, only once; staff countersign only a
signed agreement, and only with a seal certificate."""

import base64

import pytest
from django.urls import reverse

from estate.models import Tenancy
from letting.models import Letting
from letting.seal import SealNotConfigured
from letting.services import LettingNotOpen, countersign, tenant_sign
from processes import engine
from processes.models import Signature
from tests.factories import StaffFactory
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = pytest.mark.django_db


def form(letting, **changes) -> dict:
    data = {
        "agree": "on",
        "contract_hash": letting.contract_hash,
        "version": letting.process.version,
        "image": "data:image/png;base64," + base64.b64encode(drawn_png()).decode(),
    }
    data.update(changes)
    return data


def url(letting, name="portal:letting") -> str:
    return reverse(name, args=[letting.process.ticket.reference])


def test_another_tenant_sees_404_and_cannot_sign(client, letting, other_tenant):
    client.force_login(other_tenant.user)
    assert client.get(url(letting)).status_code == 404
    assert client.get(url(letting, "portal:letting_pdf")).status_code == 404
    assert client.post(url(letting), form(letting)).status_code == 404
    assert not Signature.objects.exists()


def test_staff_without_a_party_have_no_portal_page(client, letting, case_worker):
    client.force_login(case_worker)
    assert client.get(url(letting)).status_code == 404


def test_a_stale_version_is_a_conflict(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.post(url(letting), form(letting, version=letting.process.version - 1 or 99))
    assert answer.status_code == 409
    assert "in der Zwischenzeit geändert" in answer.content.decode()
    letting.refresh_from_db()
    assert letting.state == Letting.State.OFFERED and not Signature.objects.exists()


def test_an_agreement_changed_since_it_was_shown_is_a_conflict(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.post(url(letting), form(letting, contract_hash="0" * 64))
    assert answer.status_code == 409
    assert "Der Mietvertrag wurde geändert, seit er Ihnen angezeigt wurde." in answer.content.decode()
    assert not Signature.objects.exists()


def test_without_a_drawn_signature_nothing_is_signed(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.post(url(letting), form(letting, image=""))
    assert answer.status_code == 400
    assert (
        "Bitte unterschreiben Sie im Feld – oder geben Sie Ihren Namen so ein, wie er im Vertrag steht: "
        "Lena Neumann." in answer.content.decode()
    )
    answer = client.post(url(letting), form(letting, image="", typed_name="Lena Neuman"))
    assert answer.status_code == 400
    assert not Signature.objects.exists()


def test_who_cannot_draw_signs_with_their_name(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.post(url(letting), form(letting, image="", typed_name="  lena  NEUMANN "))
    assert answer.status_code == 302
    signature = Signature.objects.get()
    assert (signature.signer_name, signature.document_hash) == ("Lena Neumann", letting.contract_hash)
    assert not signature.image


def test_without_the_checkbox_nothing_is_signed(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    answer = client.post(url(letting), form(letting, agree=""))
    assert answer.status_code == 400
    assert "Bitte bestätigen Sie, dass Sie den Mietvertrag abschließen." in answer.content.decode()
    assert not Signature.objects.exists()


def test_signing_twice_is_a_conflict(client, letting, newcomer_user):
    client.force_login(newcomer_user)
    assert client.post(url(letting), form(letting)).status_code == 302
    letting.process.refresh_from_db()
    answer = client.post(url(letting), form(letting))
    assert answer.status_code == 409
    assert Signature.objects.count() == 1


def test_staff_cannot_countersign_before_the_tenant(letting, case_worker, seal_certificate):
    with pytest.raises(LettingNotOpen):
        countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    assert not Signature.objects.exists()


def test_without_a_seal_certificate_nothing_is_concluded(
    client, letting, newcomer, newcomer_user, case_worker, no_seal_certificate
):
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    with pytest.raises(SealNotConfigured):
        countersign(letting, actor=Actor.for_user(case_worker), image_png=drawn_png())
    client.force_login(case_worker)
    page = client.get(url(letting, "backoffice:letting")).content.decode()
    assert "Es ist kein Siegelzertifikat eingerichtet" in page
    letting.process.refresh_from_db()
    answer = client.post(
        url(letting, "backoffice:letting_countersign"), {"version": letting.process.version, "image": ""}
    )
    assert answer.status_code == 400
    assert "Der Mietvertrag kann nicht versiegelt werden" in answer.content.decode()
    letting.refresh_from_db()
    assert letting.state == Letting.State.TENANT_SIGNED
    assert letting.staff_signature is None and not Tenancy.objects.filter(party=newcomer).exists()
    assert Signature.objects.count() == 1


def test_a_stale_countersignature_is_a_conflict(client, letting, newcomer, case_worker, seal_certificate):
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    client.force_login(case_worker)
    answer = client.post(url(letting, "backoffice:letting_countersign"), {"version": 1, "image": ""})
    assert answer.status_code == 409
    letting.refresh_from_db()
    assert letting.state == Letting.State.TENANT_SIGNED


def test_only_staff_who_may_approve_countersign(client, letting, newcomer, case_worker, seal_certificate):
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    helper = StaffFactory(roles=[])  # named in the process, so they see it, but holds no approval right
    engine.add_party(letting.process, actor=Actor.for_user(case_worker), role="case_worker", user=helper)
    client.force_login(helper)
    page = client.get(url(letting, "backoffice:letting")).content.decode()
    assert (
        "Den Mietvertrag dürfen nur Kolleginnen und Kollegen mit dem Recht zur Freigabe gegenzeichnen."
        in page
    )
    letting.process.refresh_from_db()
    answer = client.post(
        url(letting, "backoffice:letting_countersign"), {"version": letting.process.version, "image": ""}
    )
    assert answer.status_code == 400
    letting.refresh_from_db()
    assert letting.state == Letting.State.TENANT_SIGNED and letting.staff_signature is None


def test_the_generic_process_pages_cannot_skip_the_signatures(
    letting, newcomer, case_worker, seal_certificate
):
    """Completing the steps without a drawn signature (the generic process page's buttons) is refused."""
    from processes.errors import StepNotAllowed

    with pytest.raises(StepNotAllowed, match="im Portal unterschrieben"):
        engine.complete(
            letting.process, "tenant_signature", actor=Actor.for_party(newcomer), outcome="agreed"
        )
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    letting.process.refresh_from_db()
    with pytest.raises(StepNotAllowed, match="gegengezeichnet"):
        engine.complete(
            letting.process, "countersignature", actor=Actor.for_user(case_worker), outcome="signed"
        )
    letting.refresh_from_db()
    assert letting.state == Letting.State.TENANT_SIGNED
    assert not Tenancy.objects.filter(party=newcomer).exists()
