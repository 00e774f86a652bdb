"""The staff's Ratenzahlung pages speak about the tenant, not to them, and show the tenant's answer to a
counter-proposal on the ticket page."""

from django.urls import reverse

from processes.models import Process

from .plan_helpers import proposed


def test_the_staff_form_speaks_about_the_tenant(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:payment_plan", args=[plan.reference])).content.decode()
    assert "den Sie in Raten zahlen möchten" not in page
    assert "den die Mieterin / der Mieter in Raten zahlen soll" in page
    # What staff write with a counter-proposal is shown to the tenant: the label says so.
    assert '<label for="id_counter-note">Begründung für die Mieterin / den Mieter' in page
    # No arrear reported by the ERP: a sentence, not a bare dash.
    assert "vom ERP nicht gemeldet" in page


def test_staff_see_the_tenants_answer_to_the_counter_proposal(client, money_templates, tenant, case_worker):
    plan = proposed(tenant)
    client.force_login(case_worker)
    version = Process.objects.get(pk=plan.process_id).version
    client.post(
        reverse("backoffice:payment_plan_decide", args=[plan.reference]),
        {
            "decision": "counter",
            "version": version,
            "counter-amount": "600,00",
            "counter-count": "2",
            "counter-first_due": plan.first_due.isoformat(),
            "counter-interval": "monthly",
        },
    )
    client.force_login(tenant.user)
    client.post(reverse("portal:payment_plan_answer", args=[plan.reference]), {"answer": "decline"})
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:ticket", args=[plan.reference])).content.decode()
    assert "Gegenvorschlag" in page and "abgelehnt" in page
