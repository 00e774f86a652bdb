"""The payment page as the tenant (QR code and details), as another tenant (404), and the staff pages:
send a request, mark it paid, cancel it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from payments.models import PaymentRequest

pytestmark = pytest.mark.django_db


def test_tenant_sees_amount_qr_code_and_transfer_details(client, payment, tenant):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:payment", args=[payment.reference]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "45,00 €" in html
    assert "<svg" in html and 'id="qr-path"' in html
    assert "DE02 1203 0000 0000 2020 51" in html
    assert f"{payment.reference} Ersatzschlüssel Haustür" in html


def test_tenant_lists_their_requests(client, payment, tenant):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:payments"))
    assert reverse("portal:payment", args=[payment.reference]) in page.content.decode()


def test_another_tenant_gets_404(client, payment, other_tenant):
    client.force_login(other_tenant.user)
    assert client.get(reverse("portal:payment", args=[payment.reference])).status_code == 404
    assert payment.reference not in client.get(reverse("portal:payments")).content.decode()


def test_case_worker_sends_a_request_from_the_360_view(client, money_templates, tenant, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:payment_new", args=[tenant.pk])
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    answer = client.post(url, {"amount": "12,50", "purpose": "Ersatzschlüssel Briefkasten", "due_date": due})
    payment = PaymentRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("backoffice:payment", args=[payment.reference])
    assert str(payment.amount) == "12.50"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "größer als 0"),
        ("-3", "größer als 0"),
        ("1,999", "zwei Nachkommastellen"),
        ("zehn", "Betrag in Euro"),
    ],
)
def test_bad_amount_gets_a_german_message_and_400(
    client, money_templates, tenant, case_worker, amount, message
):
    client.force_login(case_worker)
    url = reverse("backoffice:payment_new", args=[tenant.pk])
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    answer = client.post(url, {"amount": amount, "purpose": "Schlüssel", "due_date": due})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not PaymentRequest.objects.exists()


def test_case_worker_marks_it_paid(client, payment, case_worker, tenant):
    client.force_login(case_worker)
    paid = {"paid-paid_on": timezone.localdate().isoformat(), "paid-amount": "45,00"}
    answer = client.post(reverse("backoffice:payment_paid", args=[payment.reference]), paid)
    assert answer.status_code == 302
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.PAID
    client.force_login(tenant.user)
    page = client.get(reverse("portal:payment", args=[payment.reference])).content.decode()
    assert "Zahlung ist bei uns eingegangen" in page and "<svg" not in page
    client.force_login(case_worker)
    again = client.post(reverse("backoffice:payment_paid", args=[payment.reference]), paid)
    assert again.status_code == 409


def test_cancel_needs_a_reason(client, payment, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:payment_cancel", args=[payment.reference])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Schlüssel wiedergefunden"}).status_code == 302
    payment.refresh_from_db()
    assert payment.state == PaymentRequest.State.CANCELLED


def test_tenant_cannot_open_the_staff_page(client, payment, tenant):
    client.force_login(tenant.user)
    assert client.get(reverse("backoffice:payment", args=[payment.reference])).status_code == 404


def test_ticket_page_links_to_a_new_request_and_the_payment_ticket_to_its_request(
    client, payment, case_worker
):
    client.force_login(case_worker)
    source = payment.process.ticket
    page = client.get(reverse("backoffice:ticket", args=[source.reference])).content.decode()
    assert reverse("backoffice:payment", args=[payment.reference]) in page


def test_request_from_a_ticket_names_it(client, payment, case_worker, tenant):
    client.force_login(case_worker)
    source = payment.process.ticket  # any ticket the tenant reported will do
    url = reverse("backoffice:payment_new", args=[tenant.pk]) + f"?ticket={source.reference}"
    page = client.get(url)
    assert page.status_code == 200 and source.reference in page.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    client.post(
        url,
        {
            "amount": "80",
            "purpose": "Verstopfung durch Feuchttücher",
            "due_date": due,
            "ticket": source.reference,
        },
    )
    assert PaymentRequest.objects.get(purpose="Verstopfung durch Feuchttücher").source_ticket == source


def test_process_pages_lead_to_the_payment_pages(client, payment, tenant, case_worker):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:process", args=[payment.reference])).content.decode()
    assert reverse("portal:payment", args=[payment.reference]) in page
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[payment.reference])).content.decode()
    assert reverse("backoffice:payment", args=[payment.reference]) in page


@pytest.mark.parametrize("rows", [1, 50])
def test_payment_list_costs_the_same_queries_at_1_and_50_rows(
    client, money_templates, tenant, case_worker, django_assert_num_queries, rows
):
    from payments.requests import request_create
    from tickets.actors import Actor

    for n in range(rows):
        request_create(
            party=tenant,
            amount=f"{n + 1},00",
            purpose=f"Schlüssel {n}",
            due_date=timezone.localdate(),
            actor=Actor.for_user(case_worker),
        )
    client.force_login(tenant.user)
    client.get(reverse("portal:payments"))  # the session and the user are read once
    with django_assert_num_queries(4):  # session, user with party, the requests; the same at any count
        page = client.get(reverse("portal:payments"))
    assert page.content.decode().count("/portal/zahlungen/20") == rows
