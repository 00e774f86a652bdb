"""The tenant's proposal in Chromium on a phone: from what they owe to the proposal form, a mistake shown
in German at the field, the corrected proposal sent; the pages pass axe (WCAG 2.1 AA). Screenshots land in
test-artifacts/."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from payments.arrears import arrear_report
from payments.models import PaymentPlan
from payments.standard import install
from tests.browser.axe import axe_violations, describe
from tests.payments.plan_helpers import in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def test_tenant_proposes_instalments_on_a_phone(browser, live_server, shot, tenant):
    install(apps)
    arrear_report(tenant, amount=Decimal("612.40"))
    context = _phone(browser, live_server, tenant.user)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/ratenzahlung/")
    page.get_by_text("612,40 €").first.wait_for()
    page.get_by_role("link", name="Ratenzahlung vorschlagen").click()

    page.get_by_role("heading", name="Ratenzahlung vorschlagen").wait_for()
    assert page.get_by_label("Betrag (€)").input_value() == "612,40"
    page.get_by_label("Anzahl der Raten").fill("0")
    page.get_by_label("Erste Rate am").fill(in_days(7).isoformat())
    page.get_by_role("button", name="Vorschlag senden").click()
    page.get_by_role("alert").wait_for()
    assert "Bitte vereinbaren Sie mindestens eine Rate." in page.locator(".p-error").first.inner_text()
    assert not PaymentPlan.objects.exists()
    violations = axe_violations(page)
    assert not violations, describe("proposal form with an error", violations)
    shot(page, "payment-plan-proposal-error-phone")

    page.get_by_label("Anzahl der Raten").fill("6")
    page.get_by_label("alle zwei Wochen").check()
    page.get_by_label("Bemerkung").fill("Nach der Nachzahlung vom Jobcenter geht es wieder.")
    page.get_by_role("button", name="Vorschlag senden").click()
    page.get_by_text("Ihr Vorschlag ist eingegangen.").wait_for()
    assert page.get_by_text("Wir prüfen Ihren Vorschlag und melden uns bei Ihnen.").is_visible()
    violations = axe_violations(page)
    assert not violations, describe("plan page", violations)
    shot(page, "payment-plan-proposed-phone")
    plan = PaymentPlan.objects.get()
    assert (plan.amount, plan.instalment_count, plan.interval) == (Decimal("612.40"), 6, "biweekly")
    assert plan.first_due == in_days(7)
    context.close()


def test_tenant_follows_a_running_plan_with_a_late_instalment_on_a_phone(
    browser, live_server, shot, tenant, case_worker
):
    """The running plan on a phone: the late instalment marked, where to pay, each change in the
    timeline (the ERP's payment as 'Verwaltung'), the letter among the documents; the pages pass axe."""
    import datetime as dt

    from django.core.cache import cache

    from api.models import Scope
    from payments.plan_reminders import check_instalments
    from tests.api.conftest import ApiClient, make_integration
    from tests.payments.plan_helpers import running

    install(apps)
    plan = running(tenant, case_worker, amount="300.00", count=3, first_due=in_days(0))
    cache.clear()
    erp = ApiClient(make_integration(Scope.PAYMENTS, name="ERP")[1])
    assert erp.post(f"/payment-plans/{plan.pk}/instalments/1/payment", {}, key="r1").status_code == 200
    second = plan.instalments.get(number=2)
    check_instalments(today=second.due_date + dt.timedelta(days=6))

    context = _phone(browser, live_server, tenant.user)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/ratenzahlung/{plan.reference}/")
    page.get_by_role("heading", name="Ratenplan").wait_for()
    assert page.locator(".p-state--late").count() >= 1
    assert "IBAN DE02 1203 0000 0000 2020 51" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, describe("running plan", violations)
    shot(page, "payment-plan-late-phone")

    page.get_by_role("link", name="Verlauf und Nachrichten zu diesem Vorgang").click()
    page.get_by_text("Rate 2 überfällig: Erinnerung gesendet").wait_for()
    timeline = page.locator("main").inner_text()
    assert "Rate 1 bezahlt" in timeline and "Handwerksbetrieb" not in timeline
    shot(page, "payment-plan-timeline-phone")

    page.goto(f"{live_server.url}/portal/dokumente/")
    page.get_by_role("link", name=f"Ratenzahlungsvereinbarung {plan.reference}").wait_for()
    context.close()
