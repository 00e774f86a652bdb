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
