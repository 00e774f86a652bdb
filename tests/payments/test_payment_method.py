"""The payment method: a transfer approved, a direct debit with its SEPA mandate signed in the portal and
approved by staff, a bad IBAN refused with a clear message, and the mandate PDF with the tenant's
documents whose signature matches it."""

import pytest
from django.urls import reverse

from estate.models import Document, IbanAccess
from notifications.models import OutboxMessage
from payments import methods
from payments.models import PaymentMethodChange, SepaMandate
from processes.models import Process
from processes.signatures import verify
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

IBAN = "DE89 3704 0044 0532 0130 00"


def _ask_for_debit(client, tenant, iban=IBAN):
    client.force_login(tenant.user)
    return client.post(
        reverse("portal:payment_method"), {"method": "debit", "holder": "Erika Mustermann", "iban": iban}
    )


def test_bad_iban_gets_a_clear_message_and_400_and_nothing_is_stored(client, money_templates, tenant):
    answer = _ask_for_debit(client, tenant, iban="DE89 3704 0044 0532 0130 01")
    assert answer.status_code == 400
    assert "Die Prüfziffer der IBAN stimmt nicht" in answer.content.decode()
    assert not PaymentMethodChange.objects.exists() and not Process.objects.exists()


def test_debit_without_holder_is_refused(client, money_templates, tenant):
    client.force_login(tenant.user)
    answer = client.post(reverse("portal:payment_method"), {"method": "debit", "iban": IBAN})
    assert answer.status_code == 400
    assert not PaymentMethodChange.objects.exists()


@pytest.mark.pdf
def test_mandate_signed_in_the_portal_and_approved_by_staff(client, money_templates, tenant, case_worker):
    assert _ask_for_debit(client, tenant)["Location"] == reverse("portal:mandate_sign")
    page = client.get(reverse("portal:mandate_sign")).content.decode()
    assert "Ich ermächtige" in page and "DE89 3704 0044 0532 0130 00" in page and "DE98ZZZ09999999999" in page
    refused = client.post(reverse("portal:mandate_sign"), {"signer_name": "Erika Mustermann"})
    assert refused.status_code == 400  # the box "Ich erteile ..." not ticked
    signed = client.post(reverse("portal:mandate_sign"), {"agree": "on", "signer_name": "Erika Mustermann"})
    assert signed.status_code == 302

    mandate = SepaMandate.objects.get()
    assert mandate.state == SepaMandate.State.SIGNED
    assert mandate.reference.startswith(f"MR-{tenant.pk}-") and len(mandate.reference) <= 35
    assert mandate.creditor_id == "DE98ZZZ09999999999"
    assert mandate.iban == "DE89370400440532013000"
    pdf = mandate.document.read()
    assert pdf.startswith(b"%PDF")
    assert verify(mandate.signature, pdf)
    assert not verify(mandate.signature, pdf + b" ")
    assert mandate.signature.signer_name == "Erika Mustermann"
    assert Document.objects.get(party=tenant, kind="sepa_mandat").file.name == mandate.document.name
    waiting = client.get(reverse("portal:payment_method")).content.decode()
    assert "Ihr unterschriebenes Mandat finden Sie unter „Dokumente“." in waiting

    change = PaymentMethodChange.objects.get()
    client.force_login(case_worker)
    detail = client.get(reverse("backoffice:method_change", args=[change.pk])).content.decode()
    assert "DE89370400440532013000" in detail and "Prüfsumme stimmt" in detail
    assert IbanAccess.objects.filter(user=case_worker, party=tenant).exists()
    assert client.post(reverse("backoffice:method_change_approve", args=[change.pk])).status_code == 302

    change.refresh_from_db()
    mandate.refresh_from_db()
    assert change.state == PaymentMethodChange.State.APPROVED
    assert mandate.state == SepaMandate.State.ACTIVE
    assert methods.current_method(tenant) == change
    assert Process.objects.get(pk=change.process_id).state == Process.State.DONE
    mail = OutboxMessage.objects.get(kind="payment_method_decided", recipient_party=tenant)
    assert mandate.reference in mail.body_text


def test_transfer_goes_straight_to_approval_and_can_be_rejected(client, money_templates, tenant, case_worker):
    client.force_login(tenant.user)
    answer = client.post(reverse("portal:payment_method"), {"method": "transfer"})
    assert answer.status_code == 302
    change = PaymentMethodChange.objects.get()
    assert change.process.current_step.template.code == "approval"
    again = client.post(reverse("portal:payment_method"), {"method": "transfer"})
    assert again.status_code == 409  # one open change at a time
    client.force_login(case_worker)
    url = reverse("backoffice:method_change_reject", args=[change.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Mietrückstand, bitte rufen Sie uns an"}).status_code == 302
    change.refresh_from_db()
    assert change.state == PaymentMethodChange.State.REJECTED
    assert methods.current_method(tenant) is None


def test_staff_without_the_approval_permission_get_404(client, money_templates, tenant):
    client.force_login(tenant.user)
    client.post(reverse("portal:payment_method"), {"method": "transfer"})
    change = PaymentMethodChange.objects.get()
    client.force_login(StaffFactory(roles=[]))
    assert client.get(reverse("backoffice:method_change", args=[change.pk])).status_code == 404
    assert client.post(reverse("backoffice:method_change_approve", args=[change.pk])).status_code == 404


def test_another_tenant_has_no_mandate_to_sign(client, money_templates, tenant, other_tenant):
    _ask_for_debit(client, tenant)
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:mandate_sign")).status_code == 404


def test_approval_on_the_generic_process_page_needs_the_approval_permission(client, money_templates, tenant):
    from payments.methods import ApprovalNotPermitted
    from processes import engine
    from tickets.actors import Actor

    client.force_login(tenant.user)
    client.post(reverse("portal:payment_method"), {"method": "transfer"})
    change = PaymentMethodChange.objects.get()
    clerk = StaffFactory(roles=[])
    with pytest.raises(ApprovalNotPermitted):
        engine.complete(change.process, "approval", actor=Actor.for_user(clerk), outcome="yes")
    change.refresh_from_db()
    assert change.state == PaymentMethodChange.State.PENDING
    assert change.process.current_step.template.code == "approval"
