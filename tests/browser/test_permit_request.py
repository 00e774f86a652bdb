"""Erlaubnisse in Chromium: the tenant asks on a phone (390 px) for permission to sublet, reads that the
request waits for our decision, the case worker grants it with a Untermietzuschlag at their desk, and the
tenant reads the decision and the permission in force; the animal form tells a tenant with a hamster that
no permission is needed. Nothing on the way is wider than the screen. Screenshots land in test-artifacts/."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from permits.models import Permit
from processes.models import Process
from tests.browser.conftest import ARTIFACTS
from tests.permits.conftest import permit_templates  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _signed_in(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, locale="de-DE")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_tenant_asks_to_sublet_on_a_phone_and_staff_grant_it(browser, live_server, tenant, case_worker):
    ARTIFACTS.mkdir(exist_ok=True)
    context = _signed_in(browser, live_server, tenant.user, PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/erlaubnis/untervermietung/")
    assert phone.get_by_role("heading", name="Untervermietung beantragen").is_visible()
    # Sent empty first: the German messages, nothing stored.
    phone.get_by_role("button", name="Antrag senden").click()
    assert phone.get_by_text("Bitte nennen Sie den Namen der Untermietpartei.").first.is_visible()
    assert not Process.objects.exists()
    start = timezone.localdate() + dt.timedelta(days=14)
    phone.get_by_label("Name der Untermietpartei").fill("Jonas Weber")
    phone.get_by_label("Räume").fill("das kleine Zimmer, Küche und Bad gemeinsam")
    phone.get_by_label("Beginn").fill(start.isoformat())
    phone.get_by_label("Ihr Grund (berechtigtes Interesse)").fill(
        "Ich bin für ein Jahr beruflich oft im Ausland und möchte die Miete teilen."
    )
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "permits-sublet-form-phone.png"), full_page=True)
    phone.get_by_role("button", name="Antrag senden").click()
    phone.wait_for_url("**/portal/erlaubnis/20*/")
    assert phone.get_by_text("Ihr Antrag ist eingegangen").is_visible()
    assert phone.get_by_text("Wir prüfen Ihren Antrag.").is_visible()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "permits-sublet-sent-phone.png"), full_page=True)
    reference = Process.objects.get().ticket.reference

    office = _signed_in(browser, live_server, case_worker, DESK)
    desk = office.new_page()
    desk.goto(f"{live_server.url}/backoffice/vorgaenge/{reference}/erlaubnis/")
    assert desk.get_by_text("Jonas Weber").first.is_visible()
    desk.get_by_label("erteilt mit Auflagen").check()
    desk.get_by_label("Untermietzuschlag (€ im Monat)").fill("25,00")
    desk.screenshot(path=str(ARTIFACTS / "permits-sublet-decision-desk.png"), full_page=True)
    desk.get_by_role("button", name="Entscheidung speichern und Brief senden").click()
    desk.wait_for_url(f"**/backoffice/vorgaenge/{reference}/erlaubnis/")
    assert desk.get_by_text("Entscheidung gespeichert").is_visible()
    assert desk.get_by_role("button", name="Erlaubnis widerrufen").is_visible()
    desk.screenshot(path=str(ARTIFACTS / "permits-sublet-decided-desk.png"), full_page=True)
    office.close()
    assert Permit.objects.get().surcharge == 25

    phone.reload()
    assert phone.get_by_text("erteilt mit Auflagen").first.is_visible()
    assert phone.get_by_text("Die Erlaubnis gilt.").is_visible()
    assert phone.get_by_text("Untermietzuschlag 25,00 € im Monat").is_visible()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "permits-sublet-granted-phone.png"), full_page=True)
    context.close()


def test_a_hamster_needs_no_permission_on_a_phone(browser, live_server, tenant):
    ARTIFACTS.mkdir(exist_ok=True)
    context = _signed_in(browser, live_server, tenant.user, PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/portal/erlaubnis/tierhaltung/")
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "permits-animal-form-phone.png"), full_page=True)
    phone.get_by_text("Kleintier in Käfig, Terrarium oder Aquarium").click()
    phone.get_by_role("button", name="Antrag senden").click()
    assert phone.get_by_text("Dafür brauchen Sie keine Erlaubnis.").is_visible()
    assert _fits(phone)
    phone.screenshot(path=str(ARTIFACTS / "permits-animal-small-phone.png"), full_page=True)
    context.close()
    assert not Process.objects.exists()
