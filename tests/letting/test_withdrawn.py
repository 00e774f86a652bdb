"""Staff withdraw an offer (the process cancelled on its page): the tenant, who was asked to sign, is told
by e-mail and on the contract page that and why, and can no longer sign it."""

import pytest
from django.test import Client
from django.urls import reverse

from letting.models import Letting
from letting.services import tenant_sign
from notifications.models import OutboxMessage
from tickets.actors import Actor

from .conftest import drawn_png

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

REASON = "Die Wohnung muss vor dem Einzug saniert werden."


def withdraw(letting, case_worker, reason=REASON):
    staff = Client()
    staff.force_login(case_worker)
    letting.process.refresh_from_db()
    return staff.post(
        reverse("backoffice:process_cancel", args=[letting.process.ticket.reference]),
        {"reason": reason, "version": letting.process.version},
    )


def test_the_tenant_hears_that_and_why_the_offer_was_withdrawn(letting, newcomer_user, case_worker):
    assert withdraw(letting, case_worker).status_code == 302
    letting.refresh_from_db()
    assert letting.state == Letting.State.CANCELLED

    mail = OutboxMessage.objects.get(kind="letting_withdrawn")
    assert mail.recipient_address == "lena.neumann@example.org"
    assert f"Mietvertrag {letting.contract_number} zurückgezogen" in mail.subject
    assert "kann nicht mehr unterschrieben werden" in mail.body_text
    assert f"Begründung: {REASON}" in mail.body_text
    assert "Ihre Unterschrift" not in mail.body_text  # they had not signed

    tenant = Client()
    tenant.force_login(newcomer_user)
    reference = letting.process.ticket.reference
    page = tenant.get(reverse("portal:letting", args=[reference])).content.decode()
    assert "Wir haben diesen Mietvertrag zurückgezogen" in page and REASON in page
    assert "Mietvertrag unterschreiben" not in page
    answer = tenant.post(
        reverse("portal:letting", args=[reference]),
        {"agree": "on", "contract_hash": letting.contract_hash, "version": 9, "typed_name": "Lena Neumann"},
    )
    assert answer.status_code == 409
    letting.refresh_from_db()
    assert letting.tenant_signature_id is None
    assert "Ihr Mietvertrag" not in tenant.get(reverse("portal:home")).content.decode()


def test_a_signed_offer_withdrawn_tells_the_tenant_their_signature_no_longer_counts(
    letting, newcomer, case_worker
):
    tenant_sign(
        letting, actor=Actor.for_party(newcomer), contract_hash=letting.contract_hash, image_png=drawn_png()
    )
    assert withdraw(letting, case_worker).status_code == 302
    mail = OutboxMessage.objects.get(kind="letting_withdrawn")
    assert "Ihre Unterschrift unter diesem Vertrag ist damit gegenstandslos." in mail.body_text


def test_a_concluded_letting_is_not_withdrawn_by_its_process_closing(letting, case_worker):
    Letting.objects.filter(pk=letting.pk).update(state=Letting.State.CONCLUDED)
    withdraw(letting, case_worker)
    letting.refresh_from_db()
    assert letting.state == Letting.State.CONCLUDED
    assert not OutboxMessage.objects.filter(kind="letting_withdrawn").exists()
