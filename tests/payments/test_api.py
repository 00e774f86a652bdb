"""The ERP reads payment requests and reports a payment, which settles the request once."""

import pytest
from django.core.cache import cache

from api.models import Scope
from payments.models import PaymentRequest
from processes.models import Process
from tests.api.conftest import ApiClient, make_integration

pytestmark = pytest.mark.django_db


@pytest.fixture
def erp(db):
    cache.clear()
    return ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])


def test_erp_lists_the_open_requests_with_reference_and_remittance(erp, payment):
    answer = erp.get("/payment-requests", state="open")
    assert answer.status_code == 200
    [row] = answer.json()["items"]
    assert row["reference"] == payment.reference
    assert row["amount"] == "45.00"
    assert row["remittance"] == f"{payment.reference} Ersatzschlüssel Haustür"


def test_reported_payment_settles_the_request_for_everyone(erp, payment):
    answer = erp.post(f"/payment-requests/{payment.pk}/payment", {"amount": "45.00"}, key="pay-1")
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "paid"
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.PAID
    assert payment.settled_by == "ERP (API)"
    assert Process.objects.get(pk=payment.process_id).state == Process.State.DONE


def test_a_second_report_is_a_conflict(erp, payment):
    erp.post(f"/payment-requests/{payment.pk}/payment", {}, key="pay-1")
    answer = erp.post(f"/payment-requests/{payment.pk}/payment", {}, key="pay-2")
    assert answer.status_code == 409
    assert answer["Content-Type"].startswith("application/problem+json")


def test_another_amount_is_a_conflict_and_the_request_stays_open(erp, payment):
    answer = erp.post(f"/payment-requests/{payment.pk}/payment", {"amount": "40.00"}, key="pay-1")
    assert answer.status_code == 409
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN


@pytest.mark.parametrize("amount", ["0", "-1", "1.234"])
def test_a_bad_amount_is_refused(erp, payment, amount):
    answer = erp.post(f"/payment-requests/{payment.pk}/payment", {"amount": amount}, key="pay-1")
    assert answer.status_code == 422


def test_a_system_without_the_scope_is_refused(payment):
    other = ApiClient(make_integration(Scope.TICKETS_READ, name="Other")[1])
    assert other.get("/payment-requests").status_code == 403


def _approved_transfer(tenant, case_worker):
    from payments import methods
    from tickets.actors import Actor

    change = methods.method_change_start(party=tenant, method="transfer", actor=Actor.for_party(tenant))
    return methods.method_change_approve(change, actor=Actor.for_user(case_worker))


def test_erp_reads_an_approved_payment_method_and_books_it_once(erp, money_templates, tenant, case_worker):
    change = _approved_transfer(tenant, case_worker)
    [row] = erp.get("/payment-methods").json()["items"]
    assert row["id"] == change.pk and row["method"] == "transfer" and row["mandate"] is None
    assert erp.post(f"/payment-methods/{change.pk}/booked", key="b-1").status_code == 200
    assert erp.get("/payment-methods").json()["items"] == []
    assert erp.post(f"/payment-methods/{change.pk}/booked", key="b-2").status_code == 409


def test_a_payment_dated_in_the_future_is_refused_and_the_request_stays_open(erp, payment):
    import datetime as dt

    from django.utils import timezone

    later = (timezone.now() + dt.timedelta(days=2)).isoformat()
    answer = erp.post(f"/payment-requests/{payment.pk}/payment", {"paid_at": later}, key="pay-1")
    assert answer.status_code == 422
    assert "Das Zahlungsdatum liegt in der Zukunft." in answer.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.OPEN and payment.paid_at is None


def test_the_approver_sees_whether_the_erp_booked_the_change(
    client, erp, money_templates, tenant, case_worker
):
    from django.urls import reverse

    change = _approved_transfer(tenant, case_worker)
    client.force_login(case_worker)
    url = reverse("backoffice:method_change", args=[change.pk])
    assert "Das ERP hat die neue Zahlungsweise noch nicht gebucht." in client.get(url).content.decode()
    erp.post(f"/payment-methods/{change.pk}/booked", key="b-1")
    assert "Im ERP gebucht am" in client.get(url).content.decode()
