"""The payment step has a form of its own (the day and amount staff saw on the statement): the generic
process page offers no button for it but the way to the payment page, and a POST to the generic step
is refused by the engine with nothing stored, so a request is never marked paid today in full by a
bare "Zahlung eingegangen"."""

import pytest
from django.urls import reverse

from payments.models import PaymentRequest
from processes import engine
from processes.models import ProcessStep
from processes.own_forms import StepNeedsOwnForm
from tickets.actors import Actor
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db


def _url(name, payment, *args):
    return reverse(f"backoffice:{name}", args=[payment.reference, *args])


def test_generic_page_links_to_the_payment_page_instead_of_a_button(client, case_worker, payment):
    client.force_login(case_worker)
    page = client.get(_url("process", payment)).content.decode()
    assert _url("process_step", payment, "payment") not in page
    assert f'href="{_url("payment", payment)}"' in page
    assert "„Zahlungseingang“ auf der eigenen Seite erledigen" in page


def test_generic_step_post_is_refused_and_nothing_changes(client, case_worker, payment):
    client.force_login(case_worker)
    process = payment.process
    events = TicketEvent.objects.filter(ticket=process.ticket).count()

    response = client.post(
        _url("process_step", payment, "payment"), {"version": process.version, "outcome": "resolved"}
    )

    assert response.status_code == 400
    assert "Bitte erledigen Sie ihn auf seiner eigenen Seite." in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN and payment.paid_at is None
    assert process.steps.get(template__code="payment").state == ProcessStep.State.ACTIVE
    assert TicketEvent.objects.filter(ticket=process.ticket).count() == events


def test_engine_refuses_the_step_without_the_payment_day(payment, case_worker):
    with pytest.raises(StepNeedsOwnForm):
        engine.complete(payment.process, "payment", actor=Actor.for_user(case_worker), outcome="resolved")
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN
