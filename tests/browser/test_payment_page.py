"""The payment request in Chromium: the tenant opens the page from the mail's link on a phone and sees the
QR code large enough to scan and the transfer details to copy; the case worker's page on a desktop.
Screenshots land in test-artifacts/."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import zxingcpp
from django.apps import apps
from django.test import Client
from django.utils import timezone
from PIL import Image

from payments.requests import request_create
from payments.standard import install
from tests.factories import StaffFactory
from tickets.actors import Actor

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


def test_tenant_sees_the_qr_code_and_the_transfer_details(browser, live_server, shot, tenant):
    install(apps)
    case_worker = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    payment = request_create(
        party=tenant,
        amount=Decimal("45.00"),
        purpose="Ersatzschlüssel Haustür",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(case_worker),
    )

    context = signed_in(browser, live_server, tenant.user, {"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/zahlungen/{payment.reference}/")
    code = phone.locator(".pay-code svg")
    code.wait_for()
    box = code.bounding_box()
    assert box["width"] >= 200 and abs(box["width"] - box["height"]) < 2  # square, big enough to scan
    assert box["x"] + box["width"] <= 390  # on the screen, not cut off
    # Read back from the screen as a banking app's camera would.
    [scanned] = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert scanned.text.split("\n")[6:8] == ["DE02120300000000202051", "EUR45.00"]
    assert scanned.text.endswith(f"{payment.reference} Ersatzschlüssel Haustür")
    assert phone.locator("#pay-iban").inner_text() == "DE02 1203 0000 0000 2020 51"
    assert phone.locator("#pay-amount").inner_text() == "45,00 €"
    assert phone.locator("#pay-reference").inner_text() == f"{payment.reference} Ersatzschlüssel Haustür"
    assert phone.get_by_text("45,00 €").first.is_visible()
    assert phone.get_by_role("heading", name="Mit der Banking-App bezahlen").is_visible()
    violations = axe_violations(phone)
    assert not violations, describe("payment page", violations)
    shot(phone, "payment-request-tenant-phone")
    context.close()
    context = signed_in(browser, live_server, tenant.user, {"width": 1280, "height": 900})
    wide = context.new_page()
    wide.goto(f"{live_server.url}/portal/zahlungen/{payment.reference}/")
    wide.locator(".pay-code svg").wait_for()
    shot(wide, "payment-request-tenant-desktop")
    context.close()

    context = signed_in(browser, live_server, case_worker, {"width": 1280, "height": 900})
    desk = context.new_page()
    desk.goto(f"{live_server.url}/backoffice/zahlungen/{payment.reference}/")
    desk.get_by_role("button", name="Zahlung ist eingegangen").wait_for()
    # Two actions under two headings: cancelling is folded away until asked for.
    assert desk.get_by_role("heading", name="Zahlungseingang vermerken").is_visible()
    assert not desk.get_by_label("Begründung").is_visible()
    desk.get_by_text("Zahlungsaufforderung stornieren").first.click()
    assert desk.get_by_label("Begründung").is_visible()
    shot(desk, "payment-request-staff-desktop")
    desk.get_by_role("button", name="Zahlung ist eingegangen").click()
    desk.get_by_text("Die Zahlung ist als eingegangen vermerkt.").wait_for()
    context.close()
