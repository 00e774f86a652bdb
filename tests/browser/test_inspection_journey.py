"""A pre-inspection in a real Chromium at 390 px: the tenant books one of the offered times in the portal,
the inspector fills the protocol on a phone with a photo, tenant and inspector sign in the drawing field,
and the signed protocol goes to the tenant as a PDF in the outbox."""

import datetime as dt
import io

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from PIL import Image

from notifications.models import OutboxMessage
from notifications.services import build_email
from processes import engine, inspections
from processes.inspection_models import Inspection
from processes.models import ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, PartyFactory, StaffFactory, TenancyFactory, resident_user
from tickets.actors import Actor

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, *, user, width=390):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def _draw(page, canvas) -> None:
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] * (0.3 + 0.4 * (step % 2)))
    page.mouse.up()


def _notice_at_appointment(tenant, staff):
    move_out = timezone.localdate() + dt.timedelta(days=90)
    process = engine.start(
        "kuendigung", actor=Actor.for_party(tenant), reporter_party=tenant, parties={"tenant": tenant}
    )
    actor = Actor.for_user(staff)
    engine.complete(
        process, "notice_form", actor=Actor.for_party(tenant), data={"move_out_date": str(move_out)}
    )
    engine.skip(process, "co_tenant_consent", actor=actor)
    engine.complete(process, "confirmation", actor=actor, outcome="confirmed")
    engine.complete(process, "confirmation_letter", actor=actor)
    return process


def test_tenant_books_inspector_fills_the_protocol_with_a_photo_both_sign_and_the_pdf_is_mailed(
    browser, live_server, shot, tmp_path
):
    install(ProcessTemplate, StepTemplate)
    ProcessTemplate.objects.filter(code="kuendigung").update(
        catalog_item=CatalogItemFactory(name_de="Kündigung der Wohnung")
    )
    tenant = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann")).party
    resident_user(tenant)
    staff = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    inspector = StaffFactory(first_name="Ingo", last_name="Abnahme", roles=["Sachbearbeitung"])
    process = _notice_at_appointment(tenant, staff)
    ref = process.ticket.reference
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=7)
    for hours in (0, 4):
        inspections.slot_publish(
            process,
            actor=Actor.for_user(staff),
            step_code="pre_inspection_appointment",
            inspector=inspector,
            starts_at=start + dt.timedelta(hours=hours),
            ends_at=start + dt.timedelta(hours=hours + 1),
        )

    # The tenant picks the first time on a phone.
    context, page = _context(browser, live_server, user=tenant.user)
    page.goto(f"{live_server.url}/portal/vorgaenge/{ref}/termine/")
    page.locator("input[name=slot]").first.check()
    shot(page, "inspection-01-tenant-slots-390")
    assert axe_violations(page) == [], describe("booking page", axe_violations(page))
    page.get_by_role("button", name="Termin buchen").click()
    page.get_by_text("Ihr Termin ist gebucht").wait_for()
    assert "Ingo Abnahme" in page.content()
    shot(page, "inspection-02-tenant-booked-390")
    context.close()
    assert OutboxMessage.objects.filter(kind="inspection_booked", recipient_party=tenant).exists()

    # The inspector on the phone: a defect in the hall with a photo, the tenant fixes it by a date.
    context, page = _context(browser, live_server, user=inspector)
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{ref}/begehung/pre_inspection/")
    hall = page.locator("#room-0")
    hall.locator("label.insp-choice", has_text="Mängel").first.click()
    hall.get_by_label("Bemerkung").first.fill("Dübellöcher über dem Sofa")
    hall.locator("label.insp-choice", has_text="Mieter/in beseitigt").first.click()
    hall.get_by_label("Frist für den Mieter").first.fill(
        (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    )
    page.wait_for_timeout(600)  # the form saves itself as it changes
    photo = tmp_path / "wand.jpg"
    Image.new("RGB", (800, 600), "orange").save(photo, "JPEG")
    with page.expect_navigation():
        hall.locator("input[type=file]").first.set_input_files(str(photo))
    page.locator(".insp-photos img").first.wait_for()
    shot(page, "inspection-03-protocol-390")
    inspection = Inspection.objects.get(process=process)
    first = inspection.protocol["rooms"][0]["items"][0]
    assert (first["condition"], first["note"], first["fixer"]) == (
        "defect",
        "Dübellöcher über dem Sofa",
        "tenant",
    )
    assert len(first["photos"]) == 1
    page.reload()  # nothing lost on a reload
    assert page.locator("#room-0 input[name=i0-note]").input_value() == "Dübellöcher über dem Sofa"

    # Both sign on the spot.
    page.get_by_role("link", name="Zur Unterschrift").click()
    forms = page.locator("form[data-signature]")
    _draw(page, forms.nth(0).locator("canvas"))
    shot(page, "inspection-04-sign-390")
    forms.nth(0).get_by_role("button", name="Als Mieter/in unterschreiben").click()
    page.get_by_text("Erika Mustermann hat am").wait_for()
    _draw(page, page.locator("form[data-signature] canvas").first)
    page.get_by_role("button", name="Als Abnehmer/in unterschreiben").click()
    page.get_by_text("Beide haben unterschrieben").first.wait_for()
    shot(page, "inspection-05-signed-390")
    context.close()

    # The case worker at the desk: the process page links the times and the signed protocol.
    context, page = _context(browser, live_server, user=staff, width=1280)
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{ref}/")
    page.get_by_role("link", name="Termine anbieten und buchen").first.click()
    page.get_by_text("Gebucht:").wait_for()
    shot(page, "inspection-06-slots-1280")
    page.goto(f"{live_server.url}/backoffice/vorgaenge/{ref}/")
    page.get_by_role("link", name="Protokoll", exact=True).click()
    page.get_by_text("Das Protokoll ist unterschrieben.").wait_for()
    shot(page, "inspection-07-protocol-1280")
    context.close()

    mail = OutboxMessage.objects.get(kind="inspection_protocol", recipient_party=tenant)
    files = build_email(mail).attachments
    assert files[0][0] == f"Vorabnahmeprotokoll-{ref}.pdf" and files[0][1].startswith(b"%PDF")
    (tmp_path / "protocol.pdf").write_bytes(files[0][1])
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "inspection-protocol.pdf").write_bytes(files[0][1])
    assert io.BytesIO(files[0][1]).getbuffer().nbytes > 1000
