"""Staff mark a Zahlungsaufforderung or an instalment paid with the day and the amount they saw on the
statement: an empty form, another amount or a day still to come is refused with a German message and
400, and nothing is stored."""

import pytest
from django.urls import reverse

from payments.models import Instalment, PaymentRequest
from processes.models import Process

from .plan_helpers import in_days, running

pytestmark = pytest.mark.django_db


def test_an_empty_form_does_not_mark_the_payment_request_paid(client, payment, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:payment", args=[payment.reference])).content.decode()
    assert 'name="paid-paid_on"' in page and 'name="paid-amount"' in page
    answer = client.post(reverse("backoffice:payment_paid", args=[payment.reference]), {})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Bitte geben Sie das Zahlungsdatum an." in text
    assert "Bitte geben Sie den gezahlten Betrag an." in text
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN and payment.paid_at is None


def test_another_amount_or_a_day_to_come_is_refused(client, payment, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:payment_paid", args=[payment.reference])
    other = client.post(url, {"paid-paid_on": in_days(0).isoformat(), "paid-amount": "1,00"})
    assert other.status_code == 400
    assert "weicht vom geforderten ab" in other.content.decode()
    future = client.post(url, {"paid-paid_on": in_days(3).isoformat(), "paid-amount": "45,00"})
    assert future.status_code == 400
    assert "Das Zahlungsdatum liegt in der Zukunft." in future.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN


def test_the_day_seen_on_the_statement_is_kept(client, payment, case_worker):
    client.force_login(case_worker)
    amount = f"{payment.amount:.2f}".replace(".", ",")
    answer = client.post(
        reverse("backoffice:payment_paid", args=[payment.reference]),
        {"paid-paid_on": in_days(-2).isoformat(), "paid-amount": amount},
    )
    assert answer.status_code == 302
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.PAID
    page = client.get(reverse("backoffice:payment", args=[payment.reference])).content.decode()
    assert in_days(-2).strftime("%d.%m.%Y") in page


def test_an_empty_form_does_not_mark_an_instalment_paid(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    client.force_login(case_worker)
    version = Process.objects.get(pk=plan.process_id).version
    url = reverse("backoffice:instalment_paid", args=[plan.reference, 1])
    answer = client.post(url, {"version": version})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Bitte geben Sie das Zahlungsdatum an." in text
    assert "Bitte geben Sie den gezahlten Betrag an." in text
    other = client.post(
        url, {"version": version, "paid-paid_on": in_days(0).isoformat(), "paid-amount": "1,00"}
    )
    assert other.status_code == 400
    assert "weicht von der Rate ab" in other.content.decode()
    assert Instalment.objects.get(plan=plan, number=1).state == Instalment.State.PLANNED
