"""The staff's Ratenzahlung pages speak about the tenant by name, not to them and never as 'Mieterin / den
Mieter'; they show the plan's state in German (the VERA codes are the ERP's, in the API), when the tenant
was reminded and the case worker told, the confirmation letter, and the tenant's answer to a
counter-proposal on the ticket page."""

import datetime as dt

from django.urls import reverse

from payments.plan_reminders import check_instalments
from processes.models import Process
from tests.letters.pdftools import page_texts

from .plan_helpers import in_days, proposed, running


def _page(client, plan) -> str:
    return " ".join(
        client.get(reverse("backoffice:payment_plan", args=[plan.reference])).content.decode().split()
    )


def test_the_staff_form_speaks_about_the_tenant(client, money_templates, tenant, case_worker):
    tenant.salutation = "Frau"
    tenant.save(update_fields=["salutation"])
    plan = proposed(tenant)
    client.force_login(case_worker)
    page = _page(client, plan)
    assert "den Sie in Raten zahlen möchten" not in page
    assert "den Erika Mustermann in Raten zahlen soll" in page
    # What staff write with a counter-proposal or a refusal is shown to the tenant: the label says so.
    assert '<label for="id_counter-note">Begründung für Erika Mustermann' in page
    assert '<label for="id_refuse-reason">Begründung für Erika Mustermann' in page
    assert "Mieterin / " not in page and "Mieter/in" not in page
    # No arrear reported by the ERP: a sentence, not a bare dash.
    assert "vom ERP nicht gemeldet" in page
    assert "VERA" not in page and "AAN" not in page


def test_staff_read_the_state_reminders_and_letter_in_german(client, money_templates, tenant, case_worker):
    plan = running(tenant, case_worker, amount="300.00", count=3, first_due=in_days(0))
    late_day = plan.first_due + dt.timedelta(days=6)
    check_instalments(today=late_day)
    check_instalments(today=late_day + dt.timedelta(days=14))
    client.force_login(case_worker)
    page = _page(client, plan)
    assert "läuft" in page and "VERA" not in page and "ACT" not in page
    # Both steps of a late instalment stay in view: the tenant's reminder and the case worker's notice.
    today = in_days(0).strftime("%d.%m.%Y")
    assert f"erinnert am {today}" in page and f"Sachbearbeitung informiert am {today}" in page
    assert '<label for="id_end-reason">Begründung für Erika Mustermann' in page
    letter = reverse("backoffice:payment_plan_letter", args=[plan.reference])
    assert letter in page
    pdf = client.get(letter)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Bestätigung Ihrer Ratenzahlungsvereinbarung" in " ".join(page_texts(pdf.content))


def test_the_letter_needs_an_agreement_and_a_staff_login(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    letter = reverse("backoffice:payment_plan_letter", args=[plan.reference])
    client.force_login(tenant.user)
    assert client.get(letter).status_code in (302, 403, 404)
    client.force_login(case_worker)
    assert client.get(letter).status_code == 404  # nothing agreed yet


def test_staff_see_the_tenants_answer_to_the_counter_proposal(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    client.force_login(case_worker)
    version = Process.objects.get(pk=plan.process_id).version
    answer = client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {
            "decision": "counter",
            "version": version,
            "counter-amount": "600,00",
            "counter-count": "2",
            "counter-first_due": plan.first_due.isoformat(),
            "counter-interval": "monthly",
        },
        follow=True,
    )
    assert "Der Gegenvorschlag ist an Erika Mustermann gesendet." in answer.content.decode()
    assert "Der Gegenvorschlag wartet auf die Antwort von Erika Mustermann" in _page(client, plan)
    client.force_login(tenant.user)
    client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "decline"})
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:ticket", args=[plan.reference])).content.decode()
    assert "Gegenvorschlag" in page and "abgelehnt" in page
    assert "Vorschlag von Erika Mustermann" in _page(client, plan)
