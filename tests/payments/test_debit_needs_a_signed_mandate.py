"""A direct debit is approved only with a signed mandate: staff may skip the (optional) signature step on
the general process page, but the approval then is refused, there and on the approval page, with
nothing changed; rejecting it stays possible."""

import pytest
from django.urls import reverse

from payments import methods
from payments.models import PaymentMethodChange, SepaMandate
from processes import engine
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def unsigned_debit(money_templates, tenant, case_worker):
    change = methods.method_change_start(
        party=tenant,
        method="debit",
        actor=Actor.for_party(tenant),
        holder="Erika Mustermann",
        iban="DE89 3704 0044 0532 0130 00",
    )
    engine.skip(change.process, methods.SIGNATURE, actor=Actor.for_user(case_worker), reason="am Telefon")
    return change


def test_approving_a_debit_without_mandate_is_refused(unsigned_debit, case_worker):
    with pytest.raises(methods.MandateMissing):
        methods.method_change_approve(unsigned_debit, actor=Actor.for_user(case_worker))
    unsigned_debit.refresh_from_db()
    assert unsigned_debit.state == PaymentMethodChange.State.PENDING
    assert methods.current_method(unsigned_debit.party) is None


def test_the_general_process_page_refuses_it_too(client, unsigned_debit, case_worker):
    client.force_login(case_worker)
    process = unsigned_debit.process
    process.refresh_from_db()
    answer = client.post(
        reverse("backoffice:process_step", args=[process.ticket.reference, methods.APPROVAL]),
        {"version": process.version, "outcome": "yes"},
    )
    assert answer.status_code == 400
    assert "fehlt das unterschriebene SEPA-Lastschriftmandat" in answer.content.decode()
    unsigned_debit.refresh_from_db()
    assert unsigned_debit.state == PaymentMethodChange.State.PENDING


def test_it_can_still_be_rejected(unsigned_debit, case_worker):
    methods.method_change_reject(unsigned_debit, actor=Actor.for_user(case_worker), reason="Kein Mandat")
    unsigned_debit.refresh_from_db()
    assert unsigned_debit.state == PaymentMethodChange.State.REJECTED
    assert not SepaMandate.objects.exists()
