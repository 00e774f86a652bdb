"""A payment request as a process: created by staff, the tenant told with the transfer details, settled
once by the ERP or staff, cancelled with a reason; bad amounts refused with nothing stored."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import OutboxMessage
from payments.models import PaymentRequest
from payments.requests import AmountMismatch, PaymentError, request_cancel, request_create, request_settle
from processes.models import Process
from tickets.actors import Actor
from tickets.status import Status

pytestmark = pytest.mark.django_db


def test_request_is_a_process_on_a_ticket_of_the_tenant(payment, tenant):
    process = payment.process
    assert process.template.code == "zahlungsaufforderung"
    assert process.current_step.template.code == "payment"
    assert process.ticket.reporter == tenant
    assert timezone.localdate(process.ticket.due_at) == payment.due_date


def test_tenant_is_told_amount_purpose_due_date_and_transfer_details(payment, tenant):
    mail = OutboxMessage.objects.get(kind="payment_request", recipient_party=tenant)
    assert "45,00 €" in mail.subject
    assert "Ersatzschlüssel Haustür" in mail.body_text
    assert "DE02 1203 0000 0000 2020 51" in mail.body_text
    assert f"{payment.reference} Ersatzschlüssel Haustür" in mail.body_text
    assert f"/portal/zahlungen/{payment.reference}/" in mail.body_text


@pytest.mark.parametrize("amount", ["0", "-10", "12,345", "abc", "100000,01"])
def test_bad_amount_is_refused_and_nothing_is_stored(money_templates, tenant, case_worker, amount):
    with pytest.raises(ValidationError):
        request_create(
            party=tenant,
            amount=amount,
            purpose="Schlüssel",
            due_date=timezone.localdate(),
            actor=Actor.for_user(case_worker),
        )
    assert not PaymentRequest.objects.exists()
    assert not Process.objects.exists()


def test_due_date_in_the_past_is_refused(money_templates, tenant, case_worker):
    with pytest.raises(ValidationError):
        request_create(
            party=tenant,
            amount=Decimal("5"),
            purpose="Schlüssel",
            due_date=timezone.localdate() - dt.timedelta(days=1),
            actor=Actor.for_user(case_worker),
        )
    assert not Process.objects.exists()


def test_settled_by_staff_ends_the_process_and_closes_the_ticket(payment, case_worker):
    request_settle(payment, actor=Actor.for_user(case_worker))
    payment.refresh_from_db()
    process = Process.objects.get(pk=payment.process_id)
    assert payment.state == PaymentRequest.State.PAID
    assert payment.paid_amount == Decimal("45.00")
    assert payment.settled_by == str(case_worker)
    assert process.state == Process.State.DONE
    assert process.ticket.status == Status.DONE


def test_settling_twice_is_refused(payment, case_worker):
    request_settle(payment, actor=Actor.for_user(case_worker))
    with pytest.raises(PaymentError):
        request_settle(payment, actor=Actor.for_integration("ERP (API)"))


def test_a_different_amount_is_not_taken_as_settled(payment):
    with pytest.raises(AmountMismatch):
        request_settle(payment, actor=Actor.for_integration("ERP (API)"), amount=Decimal("40.00"))
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN


def test_cancelled_with_a_reason(payment, case_worker):
    with pytest.raises(ValidationError):
        request_cancel(payment, actor=Actor.for_user(case_worker), reason=" ")
    request_cancel(payment, actor=Actor.for_user(case_worker), reason="Schlüssel wiedergefunden")
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.CANCELLED
    assert Process.objects.get(pk=payment.process_id).state == Process.State.CANCELLED
    with pytest.raises(PaymentError):
        request_settle(payment, actor=Actor.for_user(case_worker))


def test_the_payment_step_settles_the_request_on_the_day_its_data_names(payment, case_worker):
    from processes import engine

    paid_at = timezone.now() - dt.timedelta(days=3)
    data = {"paid_at": paid_at.isoformat()}
    engine.complete(
        payment.process, "payment", actor=Actor.for_user(case_worker), outcome="resolved", data=data
    )
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.PAID and payment.settled_by == str(case_worker)
    assert payment.paid_at == paid_at


def test_cancelling_the_process_cancels_the_request(payment, case_worker):
    from processes import engine

    engine.cancel(payment.process, actor=Actor.for_user(case_worker), reason="doch nicht")
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.CANCELLED


def test_a_dutch_tenant_reads_the_request_in_dutch(money_templates, tenant, case_worker):
    tenant.language = "nl"
    tenant.save()
    request_create(
        party=tenant,
        amount=Decimal("1234.5"),
        purpose="Reservesleutel",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(case_worker),
    )
    mail = OutboxMessage.objects.get(kind="payment_request", recipient_party=tenant)
    assert "Betaalverzoek van € 1.234,50" in mail.subject
    assert "Omschrijving:" in mail.body_text and "QR-code" in mail.body_text
