"""The SEPA mandate in Chromium: the tenant chooses direct debit on a phone, reads the mandate and signs
it; the approver sees it on a desktop. Screenshots and the signed PDF land in test-artifacts/."""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from payments.models import SepaMandate
from payments.standard import install
from tests.browser.conftest import ARTIFACTS
from tests.factories import StaffFactory

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def test_tenant_signs_the_mandate_and_staff_approve_it(browser, live_server, shot, tenant):
    install(apps)
    approver = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    context = signed_in(browser, live_server, tenant.user, {"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/meine-daten/")
    phone.get_by_role("link", name="Lastschrift oder Überweisung: ansehen und ändern").click()
    phone.get_by_label("Lastschrift").check()
    phone.get_by_label("Kontoinhaber/in").fill("Erika Mustermann")
    phone.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 01")
    phone.get_by_role("button", name="Weiter").click()
    phone.get_by_text("Die Prüfziffer der IBAN stimmt nicht").first.wait_for()
    shot(phone, "payment-method-bad-iban-phone")
    phone.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 00")
    phone.get_by_role("button", name="Weiter").click()
    phone.get_by_role("heading", name="SEPA-Lastschriftmandat unterschreiben").wait_for()
    assert "DE98ZZZ09999999999" in phone.content()
    violations = axe_violations(phone)
    assert not violations, describe("mandate page", violations)
    shot(phone, "sepa-mandate-sign-phone")
    phone.get_by_label("Ich erteile dieses SEPA-Lastschriftmandat.").check()
    phone.get_by_label("Ihr Name als Unterschrift").fill("Erika Mustermann")
    phone.get_by_role("button", name="Mandat unterschreiben").click()
    phone.get_by_text("Ihr Mandat ist unterschrieben").wait_for()
    shot(phone, "payment-method-pending-phone")
    context.close()

    mandate = SepaMandate.objects.get()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "sepa-mandate.pdf").write_bytes(mandate.document.read())

    context = signed_in(browser, live_server, approver, {"width": 1280, "height": 900})
    desk = context.new_page()
    desk.goto(f"{live_server.url}/backoffice/freigaben/")
    desk.get_by_role("link", name="Änderungen der Zahlungsweise (SEPA-Lastschriftmandate)").click()
    desk.get_by_role("link", name=timezone.localtime(mandate.created_at).strftime("%d.%m.%Y")).first.click()
    desk.get_by_text("Prüfsumme stimmt").wait_for()
    shot(desk, "sepa-mandate-approval-desktop")
    desk.get_by_role("button", name="Zahlungsweise freigeben").click()
    desk.get_by_text("Die neue Zahlungsweise ist freigegeben.").wait_for()
    context.close()
    mandate.refresh_from_db()
    assert mandate.state == SepaMandate.State.ACTIVE
