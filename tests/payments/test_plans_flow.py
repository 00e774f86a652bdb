"""Ratenzahlung from start to end through the pages: the tenant proposes in the portal, the case worker
counter-proposes, the tenant accepts, the confirmation is read back (mail and the DIN 5008 letter), the ERP
reports a payment through the API, staff waive and mark the rest paid, and the plan is paid off by itself.
Everyone sees it on their own page."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.formats import date_format

from api.models import Scope
from estate.models import Document
from notifications.letters import render_letter
from notifications.letters.outbox import spec_for
from notifications.models import OutboxMessage
from payments.arrears import arrear_report
from payments.models import Instalment, PaymentPlan
from processes.models import Process
from tests.api.conftest import ApiClient, make_integration
from tests.letters.pdftools import page_texts
from tickets.models import TicketEvent

from .plan_helpers import in_days, proposed, running

pytestmark = pytest.mark.django_db


def _terms(prefix="", **fields):
    values = {"amount": "600,00", "count": "6", "first_due": in_days(10).isoformat(), "interval": "monthly"}
    values.update(fields)
    return {f"{prefix}{k}": v for k, v in values.items()}


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def test_proposal_counter_proposal_acceptance_payments_and_paid_off(
    client, money_templates, tenant, case_worker
):
    arrear_report(tenant, amount=Decimal("600.00"))

    # The tenant sees what they owe and proposes six monthly instalments.
    client.force_login(tenant.user)
    overview = client.get(reverse("portal:payment_plans")).content.decode()
    assert "600,00 €" in overview and "Ratenzahlung vorschlagen" in overview
    form = client.get(reverse("portal:payment_plan_new")).content.decode()
    assert 'value="600,00"' in form
    answer = client.post(reverse("portal:payment_plan_new"), _terms(note="Kurzarbeit bis Februar"))
    assert answer.status_code == 302, answer.content.decode()
    plan = PaymentPlan.objects.get()
    assert (plan.state, plan.amount, plan.instalment_count) == ("proposed", Decimal("600.00"), 6)
    assert answer["Location"] == reverse("portal:payment_plan", args=[plan.reference])
    assert "Wir prüfen Ihren Vorschlag" in client.get(answer["Location"]).content.decode()

    # The case worker counter-proposes four instalments.
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:payment_plan", args=[plan.reference]))
    assert page.status_code == 200
    assert "Kurzarbeit bis Februar" in page.content.decode()
    version = Process.objects.get(pk=plan.process_id).version
    first = in_days(14)
    answer = client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {
            "decision": "counter",
            "version": version,
            **_terms("counter-", count="4", first_due=first.isoformat(), note="Vier Raten sind uns lieber."),
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    plan.refresh_from_db()
    assert (plan.state, plan.instalment_count, plan.first_due) == ("countered", 4, first)
    assert plan.tenant_terms["count"] == 6
    counter_mail = OutboxMessage.objects.get(kind="payment_plan_counter", recipient_party=tenant)
    assert "4 Raten" in counter_mail.body_text and "Vier Raten sind uns lieber." in counter_mail.body_text

    # The tenant reads the counter-proposal and accepts it.
    client.force_login(tenant.user)
    page = client.get(reverse("portal:payment_plan", args=[plan.reference])).content.decode()
    assert "Unser Gegenvorschlag" in page and "Ihr Vorschlag war: 600,00 € in 6 Raten" in page
    answer = client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "accept"})
    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PaymentPlan.State.ACTIVE
    rows = list(plan.instalments.order_by("number"))
    assert [r.amount for r in rows] == [Decimal("150.00")] * 4
    assert rows[0].due_date == first

    # The confirmation: a mail with the schedule (the tenant reads e-mail), the letter as PDF in the portal.
    mail = OutboxMessage.objects.get(kind="payment_plan_agreed", recipient_party=tenant)
    assert mail.channel == "email"
    assert f"Rate 1: 150,00 €, fällig am {_day(first)}" in mail.body_text
    assert "Bestätigung Ihrer Ratenzahlungsvereinbarung" in mail.subject
    assert "an Wohnungsbau Musterstadt eG, IBAN DE02 1203 0000 0000 2020 51" in mail.body_text  # where to pay
    assert f"„{plan.reference} Rate“ und der Nummer der Rate" in mail.body_text
    pdf = client.get(reverse("portal:payment_plan_letter", args=[plan.reference]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page_texts(pdf.content))
    assert "Bestätigung Ihrer Ratenzahlungsvereinbarung" in text
    assert "Mustermann" in text and _day(first) in text and "150,00 €" in text and "600,00 €" in text
    page = client.get(reverse("portal:payment_plan", args=[plan.reference])).content.decode()
    assert "Ratenplan" in page and "Nächste Rate" in page
    kept = Document.objects.get(party=tenant, kind="ratenzahlung")
    assert kept.title == f"Ratenzahlungsvereinbarung {plan.reference}"
    assert "150,00 €" in " ".join(page_texts(kept.file.read()))

    # The ERP reports the first instalment paid.
    cache.clear()
    erp = ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])
    answer = erp.post(
        f"/payment-plans/{plan.pk}/instalments/1/payment",
        {"amount": "150.00", "paid_on": first.isoformat() if first <= in_days(0) else None},
        key="rate-1",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "paid"

    # The case worker waives the second and marks the other two paid; the plan is then paid off by itself.
    client.force_login(case_worker)
    for number, url, data in [
        (2, "backoffice:instalment_waive", {"waive-reason": "Kulanz wegen Wasserschaden"}),
        (3, "backoffice:instalment_paid", {"paid-paid_on": in_days(0).isoformat(), "paid-amount": "150,00"}),
        (4, "backoffice:instalment_paid", {"paid-paid_on": in_days(0).isoformat(), "paid-amount": "150,00"}),
    ]:
        version = Process.objects.get(pk=plan.process_id).version
        answer = client.post(reverse(url, args=[plan.reference, number]), {"version": version, **data})
        assert answer.status_code == 302, answer.content.decode()
    plan.refresh_from_db()
    assert (plan.state, plan.end_reason) == ("ended", "paid_off")
    assert [i.state for i in plan.instalments.order_by("number")] == ["paid", "waived", "paid", "paid"]
    waived = TicketEvent.objects.get(ticket=plan.process.ticket, data__action="instalment_waived")
    assert waived.actor == case_worker and "Kulanz wegen Wasserschaden" in waived.data["reason"]
    assert Process.objects.get(pk=plan.process_id).state == Process.State.DONE
    assert "vollständig bezahlt" in OutboxMessage.objects.get(kind="payment_plan_ended").subject

    # Each sees it: the tenant's page, the staff's page and 360° view, the ERP's plan.
    client.force_login(tenant.user)
    assert (
        "vollständig bezahlt"
        in client.get(reverse("portal:payment_plan", args=[plan.reference])).content.decode()
    )
    client.force_login(case_worker)
    person = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert reverse("backoffice:payment_plan", args=[plan.reference]) in person
    assert (
        "Kulanz wegen Wasserschaden"
        in client.get(reverse("backoffice:payment_plan", args=[plan.reference])).content.decode()
    )
    body = erp.get(f"/payment-plans/{plan.pk}").json()
    assert (body["vera_status"], body["vera_end_reason"]) == ("BEE", "AFB")
    assert [i["state"] for i in body["instalments"]] == ["paid", "waived", "paid", "paid"]


def test_a_tenant_who_wants_post_gets_the_din_letter_with_the_schedule(money_templates, tenant, case_worker):
    tenant.prefers_letters = True
    tenant.save()
    plan = running(tenant, case_worker, amount="100.00", count=3, first_due=in_days(5))
    letter = OutboxMessage.objects.get(kind="payment_plan_agreed", recipient_party=tenant)
    assert letter.channel == "letter"
    spec = spec_for(letter)
    assert spec.template == "letters/payment_plan.html"
    text = " ".join(page_texts(render_letter(spec)))
    assert "Bestätigung Ihrer Ratenzahlungsvereinbarung" in text
    assert "33,33 €" in text and "33,34 €" in text and "Summe" in text and "100,00 €" in text
    assert plan.reference in text


def test_staff_refuse_with_a_reason_and_the_tenant_is_told(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    client.force_login(case_worker)
    url = reverse("backoffice:payment_plan_decide", args=[plan.reference])
    version = Process.objects.get(pk=plan.process_id).version
    empty = client.post(url, {"decision": "refuse", "version": version, "refuse-reason": " "})
    assert empty.status_code == 400 and "Bitte geben Sie eine Begründung an." in empty.content.decode()
    answer = client.post(
        url, {"decision": "refuse", "version": version, "refuse-reason": "Rückstand bereits beim Gericht"}
    )
    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "refused"
    assert (
        "Rückstand bereits beim Gericht" in OutboxMessage.objects.get(kind="payment_plan_refused").body_text
    )


def test_tenant_declines_the_counter_proposal(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    client.force_login(case_worker)
    version = Process.objects.get(pk=plan.process_id).version
    client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {"decision": "counter", "version": version, **_terms("counter-", count="2")},
    )
    client.force_login(tenant.user)
    client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "decline"})
    plan.refresh_from_db()
    assert plan.state == "declined" and not plan.instalments.exists()
    assert OutboxMessage.objects.filter(kind="payment_plan_declined", recipient_party=tenant).exists()


def test_staff_end_a_broken_plan_and_the_tenant_is_told(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    client.force_login(case_worker)
    version = Process.objects.get(pk=plan.process_id).version
    answer = client.post(
        reverse("backoffice:payment_plan_end", args=[plan.reference]),
        {
            "version": version,
            "end-end_reason": "broken",
            "end-reason": "Zwei Raten ohne Nachricht ausgeblieben",
        },
    )
    assert answer.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.end_reason, plan.vera_status, plan.vera_end_reason) == (
        "ended",
        "broken",
        "ANN",
        "VOL",
    )
    mail = OutboxMessage.objects.get(kind="payment_plan_ended")
    assert "sofort fällig" in mail.body_text and "Zwei Raten ohne Nachricht" in mail.body_text


def test_a_stale_page_is_refused_and_nothing_changes(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    client.force_login(case_worker)
    stale = Process.objects.get(pk=plan.process_id).version
    client.post(
        reverse("backoffice:instalment_paid", args=[plan.reference, 1]),
        {"version": stale, "paid-paid_on": in_days(0).isoformat(), "paid-amount": "150,00"},
    )
    answer = client.post(
        reverse("backoffice:instalment_waive", args=[plan.reference, 2]),
        {"version": stale, "waive-reason": "Kulanz"},
    )
    assert answer.status_code == 409
    assert "in der Zwischenzeit geändert" in answer.content.decode()
    assert Instalment.objects.get(plan=plan, number=2).state == "planned"


def test_a_version_that_is_no_number_is_no_server_error(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:instalment_waive", args=[plan.reference, 2]),
        {"version": "²", "waive-reason": "Kulanz"},
    )
    assert answer.status_code < 500
    assert Instalment.objects.get(plan=plan, number=2).state in ("planned", "waived")


def test_staff_enter_a_proposal_after_a_call(client, money_templates, tenant, case_worker):
    arrear_report(tenant, amount=Decimal("240.00"))
    client.force_login(case_worker)
    url = reverse("backoffice:payment_plan_new", args=[tenant.pk])
    assert "240,00" in client.get(url).content.decode()
    answer = client.post(url, _terms(amount="240,00", count="3", interval="biweekly"))
    assert answer.status_code == 302
    plan = PaymentPlan.objects.get()
    assert plan.proposed_by_staff and plan.interval == "biweekly" and plan.arrear is not None


def test_api_lists_plans_and_instalments_with_etag(money_templates, tenant, case_worker):
    plan = running(tenant, case_worker)
    cache.clear()
    erp = ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])
    first = erp.get("/payment-plans", state="active")
    assert first.status_code == 200
    [row] = json.loads(first.content)["items"]
    assert row["reference"] == plan.reference and len(row["instalments"]) == 4 and row["vera_status"] == "ACT"
    again = erp.client.get(
        "/api/v1/payment-plans", {"state": "active"}, headers={**erp.headers, "If-None-Match": first["ETag"]}
    )
    assert again.status_code == 304
    changed = erp.get("/payment-plans/instalments")
    assert [i["number"] for i in changed.json()["items"]] == [1, 2, 3, 4]
    assert (
        erp.post(f"/payment-plans/{plan.pk}/instalments/1/payment", {"amount": "149.00"}, key="x").status_code
        == 409
    )
    assert erp.post(f"/payment-plans/{plan.pk}/instalments/9/payment", {}, key="y").status_code == 404
    assert erp.post(f"/payment-plans/{plan.pk}/instalments/1/payment", {}, key="z").status_code == 200
    assert erp.post(f"/payment-plans/{plan.pk}/instalments/1/payment", {}, key="w").status_code == 409
    after = erp.client.get(
        "/api/v1/payment-plans", {"state": "active"}, headers={**erp.headers, "If-None-Match": first["ETag"]}
    )
    assert after.status_code == 200
