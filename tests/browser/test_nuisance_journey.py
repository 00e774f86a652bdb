"""A complaint about a neighbour in a real Chromium: the complainant reports it on a phone (a form sent
without the facts is refused with the reasons), keeps the log; the case worker names the accused and
writes the invitation to a talk; the accused's portal, on a phone, shows our letter and the stages,
and nothing of who complained or what they wrote. Pages pass axe-core; screenshots at 390 and 1280 px."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from notifications.models import OutboxMessage
from processes.models import Process, ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import (
    CatalogItemFactory,
    PartyFactory,
    StaffFactory,
    TenancyFactory,
    UnitFactory,
    resident_user,
)

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINT = "Jede Nacht laute Bassmusik aus der Wohnung über mir, manchmal bis vier Uhr früh."
LOG_TEXT = "Wieder Bässe bis halb vier, Wände haben vibriert."


def _context(browser, live_server, *, user, width=390):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def _no_axe_violations(page, name):
    violations = axe_violations(page)
    assert not violations, describe(name, violations)


def test_a_complaint_about_a_neighbour_and_the_accused_sees_nothing_of_the_complainant(
    browser, live_server, shot
):
    install(ProcessTemplate, StepTemplate)
    ProcessTemplate.objects.filter(code="nachbarschaftsstoerung").update(
        catalog_item=CatalogItemFactory(name_de="Nachbarschaftsstörung", allows_public=False)
    )
    unit = UnitFactory(floor="1. OG links")
    complainant = TenancyFactory(
        unit=unit, party=PartyFactory(first_name="Erika", last_name="Mustermann", salutation="Frau")
    ).party
    resident_user(complainant)
    above = UnitFactory(building=unit.building, floor="2. OG links")
    accused = TenancyFactory(
        unit=above, party=PartyFactory(first_name="Max", last_name="Lautmann", salutation="Herr")
    ).party
    resident_user(accused)
    staff = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])

    # The complainant, on a phone: a form without the facts is refused and says what is missing.
    context, page = _context(browser, live_server, user=complainant.user)
    page.goto(f"{live_server.url}/portal/vorgaenge/")
    page.get_by_role("link", name="Nachbarschaftsstörung melden").click()
    page.get_by_label("Lärm").check()
    page.get_by_label("Beschreiben Sie die Störung").fill(COMPLAINT)
    page.get_by_role("button", name="Beschwerde senden").click()
    page.locator(".p-error-summary").wait_for()
    assert "Bitte antworten Sie mit Ja oder Nein." in page.locator(".p-error-summary").inner_text()
    assert not Process.objects.exists()
    shot(page, "nuisance-01-refused-390")

    page.get_by_label("nachts (22–6 Uhr, Nachtruhe)").check()
    page.get_by_label("mehrmals pro Woche").check()
    page.get_by_label("Seit wann?").fill((timezone.localdate() - dt.timedelta(days=40)).isoformat())
    page.get_by_label("Wer verursacht die Störung?").fill("Wohnung direkt über mir")
    page.get_by_label("Nein").check()
    _no_axe_violations(page, "complaint form")
    page.get_by_role("button", name="Beschwerde senden").click()
    page.get_by_role("heading", name="Ihre Beschwerde").wait_for()
    page.get_by_label("Was ist passiert?").fill(LOG_TEXT)
    page.get_by_label("Uhrzeit").fill("03:30")
    page.get_by_label("Dauer in Minuten").fill("60")
    page.get_by_role("button", name="Eintrag speichern").click()
    page.get_by_text("Eintrag gespeichert.").wait_for()
    assert LOG_TEXT in page.locator("main").inner_text()
    _no_axe_violations(page, "complainant page")
    shot(page, "nuisance-02-complainant-log-390")
    context.close()
    process = Process.objects.get()
    reference = process.ticket.reference

    # The case worker names the accused and invites them to a talk; a text naming the complainant is refused.
    context, page = _context(browser, live_server, user=staff, width=1280)
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{reference}/beschwerde/")
    page.get_by_label("Name oder Wohnungsnummer").fill("Lautmann")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_label("Max Lautmann").check()
    page.get_by_role("button", name="Als beschuldigte Partei eintragen").click()
    page.get_by_text("Beschuldigte Partei eingetragen").wait_for()
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{reference}/")
    page.get_by_role("button", name="nächste Stufe").click()
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{reference}/beschwerde/")
    page.get_by_label("Tag").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Uhrzeit").fill("10:30")
    page.get_by_label("Ort").fill("Geschäftsstelle, Raum 2")
    page.get_by_label("Zusatz (optional)").fill("Frau Mustermann wird nicht dabei sein.")
    page.get_by_role("button", name="Einladung schreiben").click()
    page.get_by_text("Der Text nennt die beschwerdeführende Person").wait_for()
    page.get_by_label("Zusatz (optional)").fill("Bringen Sie gern eine Person Ihres Vertrauens mit.")
    page.get_by_role("button", name="Einladung schreiben").click()
    page.get_by_text("Der Brief ist im Postausgang").wait_for()
    shot(page, "nuisance-03-staff-1280")
    context.close()
    assert OutboxMessage.objects.filter(kind="nuisance_talk", recipient_party=accused).count() == 1

    # The accused, on a phone: the letter and the stages; nothing of the complainant anywhere they look.
    context, page = _context(browser, live_server, user=accused.user)
    secrets = ["Mustermann", "Erika", "Bassmusik", "Bässe", "über mir", "1. OG links"]
    pages = ("/portal/", "/portal/meldungen/", "/portal/haus/", "/portal/vorgaenge/", "/portal/dokumente/")
    for path in pages:
        page.goto(live_server.url + path)
        text = page.locator("body").inner_text()
        assert not [s for s in secrets if s in text], path
    page.goto(f"{live_server.url}/portal/vorgaenge/")
    page.locator("a.p-ticket__link", has_text="Nachbarschaftsstörung").click()
    page.get_by_role("link", name="Alles zu diesem Vorgang").click()
    page.get_by_role("heading", name="Hinweis auf eine Störung im Haus").wait_for()
    text = page.locator("body").inner_text()
    assert "Einladung zu einem Gespräch" in text and "Gespräch" in text
    assert not [s for s in secrets if s in text]
    _no_axe_violations(page, "accused page")
    shot(page, "nuisance-04-accused-390")
    href = page.get_by_role("link", name="Einladung zu einem Gespräch").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    missing = page.request.get(f"{live_server.url}/portal/meldungen/{reference}/")
    assert missing.status == 404
    context.close()
