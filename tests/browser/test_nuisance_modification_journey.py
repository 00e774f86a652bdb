"""A home modification in a real Chromium: the tenant asks on a phone with a drawing (PDF) and a photo, the
case worker decides with conditions (refused first without them), and the tenant reads the decision, the
conditions and the letter on their phone. Pages pass axe-core; screenshots at 390 and 1280 px."""

import io

import pytest
from django.conf import settings as django_settings
from django.test import Client
from PIL import Image

from notifications.models import OutboxMessage
from processes.models import Process, ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, PartyFactory, StaffFactory, TenancyFactory, resident_user

from .axe import axe_violations, describe
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _context(browser, live_server, *, user, width=390):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def test_tenant_asks_staff_decide_with_conditions_tenant_reads_them(browser, live_server, shot, tmp_path):
    install(ProcessTemplate, StepTemplate)
    ProcessTemplate.objects.filter(code="bauliche_veraenderung").update(
        catalog_item=CatalogItemFactory(name_de="Bauliche Veränderung")
    )
    tenant = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann")).party
    resident_user(tenant)
    staff = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    drawing = tmp_path / "grundriss.pdf"
    drawing.write_bytes(PDF)
    photo = tmp_path / "bad.png"
    image = io.BytesIO()
    Image.new("RGB", (64, 48), "lightblue").save(image, "PNG")
    photo.write_bytes(image.getvalue())

    context, page = _context(browser, live_server, user=tenant.user)
    page.goto(f"{live_server.url}/portal/vorgaenge/")
    page.get_by_role("link", name="Bauliche Veränderung beantragen").click()
    page.get_by_label("Was möchten Sie verändern?").fill("Bodengleiche Dusche")
    page.get_by_label("In welchem Raum?").fill("Bad")
    page.get_by_label("Beschreibung").fill(
        "Badewanne raus, bodengleiche Dusche rein; Einbau durch Fachbetrieb."
    )
    page.get_by_label("Zeichnungen oder Pläne (PDF)").set_input_files(str(drawing))
    page.get_by_label("Fotos (wie es jetzt aussieht)").set_input_files(str(photo))
    violations = axe_violations(page)
    assert not violations, describe("modification request", violations)
    shot(page, "modification-01-request-390")
    page.get_by_role("button", name="Antrag senden").click()
    page.get_by_text("Wir prüfen Ihren Antrag.").wait_for()
    context.close()
    process = Process.objects.get()
    assert process.ticket.attachments.count() == 2

    context, page = _context(browser, live_server, user=staff, width=1280)
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{process.ticket.reference}/veraenderung/")
    page.get_by_label("genehmigt mit Auflagen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.get_by_text("Bitte nennen Sie die Auflagen").wait_for()
    page.get_by_label("genehmigt mit Auflagen").check()
    page.get_by_label("Auflagen", exact=True).fill("Abdichtung nach DIN 18534 durch einen Meisterbetrieb.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.get_by_text("Entscheidung gespeichert").wait_for()
    shot(page, "modification-02-staff-1280")
    context.close()
    letter = OutboxMessage.objects.get(kind="modification_conditions")

    context, page = _context(browser, live_server, user=tenant.user)
    page.goto(f"{live_server.url}/portal/veraenderung/{process.ticket.reference}/")
    text = page.locator("main").inner_text()
    assert "genehmigt mit Auflagen" in text and "DIN 18534" in text
    page.get_by_role("link", name="Genehmigung Ihrer baulichen Veränderung mit Auflagen").wait_for()
    violations = axe_violations(page)
    assert not violations, describe("modification detail", violations)
    shot(page, "modification-03-tenant-decision-390")
    response = page.request.get(
        f"{live_server.url}/portal/vorgaenge/{process.ticket.reference}/briefe/{letter.pk}.pdf"
    )
    assert response.status == 200
    (ARTIFACTS / "modification-conditions-letter.pdf").write_bytes(response.body())
    context.close()
