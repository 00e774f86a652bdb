"""A Kündigung in a real Chromium: the tenant gives notice on a phone (a date before the lawful one is
explained as it is picked and refused when sent, then a lawful date), the co-tenant agrees by the link in
their mail, staff confirm, and the confirmation letter is in the outbox, by e-mail and as a printed letter."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import formats, timezone
from pypdf import PdfReader

from notifications.letters import render_letter
from notifications.letters.outbox import spec_for
from notifications.models import OutboxMessage
from processes import notice
from processes.models import Process, ProcessTemplate, Signature, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, PartyFactory, StaffFactory, TenancyFactory, resident_user

from .axe import axe_violations, describe
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, *, user=None, width=390):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def test_tenant_gives_notice_co_tenant_agrees_staff_confirm_and_the_letter_goes_out(
    browser, live_server, shot
):
    install(ProcessTemplate, StepTemplate)
    ProcessTemplate.objects.filter(code="kuendigung").update(
        catalog_item=CatalogItemFactory(name_de="Kündigung der Wohnung")
    )
    tenancy = TenancyFactory(
        party=PartyFactory(first_name="Erika", last_name="Mustermann", salutation="Frau")
    )
    tenant = tenancy.party
    resident_user(tenant)
    co_tenant = TenancyFactory(
        unit=tenancy.unit, party=PartyFactory(first_name="Ben", last_name="Mustermann", prefers_letters=True)
    ).party
    staff = StaffFactory(first_name="Sabine", last_name="Sachbearbeiterin", roles=["Sachbearbeitung"])
    earliest = notice.earliest_end(timezone.localdate(), state=tenancy.unit.building.property.state)

    # The tenant, on a phone: the lawful date is shown, a date before it explained as it is picked.
    context, page = _context(browser, live_server, user=tenant.user)
    page.goto(f"{live_server.url}/portal/kuendigung/")
    page.get_by_text(f"endet Ihr Mietvertrag frühestens zum {_day(earliest)}").wait_for()
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_label("Zu welchem Datum kündigen Sie?").fill((earliest - dt.timedelta(days=28)).isoformat())
    page.get_by_text("Zu früh: Nach der gesetzlichen Frist").wait_for()
    page.get_by_label("Umzug", exact=True).check()
    page.get_by_label("Neue Anschrift: Straße und Hausnummer").fill("Lindenweg 12")
    page.get_by_label("PLZ").fill("14467")
    page.get_by_label("Ort").fill("Potsdam")
    shot(page, "notice-01-too-early-390")
    page.get_by_role("button", name="Kündigung absenden").click()
    summary = page.locator(".p-error-summary")
    summary.wait_for()
    assert f"frühestens zum {_day(earliest)}" in summary.inner_text()
    assert not Process.objects.exists()
    shot(page, "notice-02-refused-390")
    assert axe_violations(page) == [], describe("notice form", axe_violations(page))

    page.get_by_label("Zu welchem Datum kündigen Sie?").fill(earliest.isoformat())
    page.get_by_text(f"Mietende zum {_day(earliest)}: Das ist möglich.").wait_for()
    page.get_by_role("button", name="Kündigung absenden").click()
    page.get_by_role("heading", name="Ihre Kündigung").wait_for()
    page.get_by_text("noch offen").wait_for()
    shot(page, "notice-03-status-390")
    process = Process.objects.get()
    reference = process.ticket.reference

    # The co-tenant opens the link from the mail (here a letter: Ben wants post), no sign-in needed.
    mail = OutboxMessage.objects.get(kind="notice_consent", recipient_party=co_tenant)
    link = re.search(r"https?://\S+/portal/zustimmung/\S+/", mail.body_text).group(0)
    co_context, co_page = _context(browser, live_server)
    co_page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    co_page.get_by_text(
        "Alle Mieter des Vertrags kündigen gemeinsam: Erika Mustermann, Ben Mustermann"
    ).wait_for()
    shot(co_page, "notice-04-consent-390")
    assert axe_violations(co_page) == [], describe("consent", axe_violations(co_page))
    co_page.get_by_role("button", name="Ich stimme der Kündigung zu").click()
    co_page.get_by_text("Ihre Zustimmung ist gespeichert").wait_for()
    shot(co_page, "notice-05-consent-given-390")
    co_context.close()
    assert Signature.objects.get().party == co_tenant

    # Staff confirm on a desk screen.
    staff_context, desk = _context(browser, live_server, user=staff, width=1280)
    desk.goto(f"{live_server.url}/backoffice/kuendigungen/{reference}/")
    desk.get_by_text("zugestimmt").first.wait_for()
    shot(desk, "notice-06-staff-1280")
    assert axe_violations(desk) == [], describe("staff notice page", axe_violations(desk))
    desk.get_by_role("button", name="Bestätigen und Kündigungsbestätigung senden").click()
    desk.get_by_text("Kündigung bestätigt; die Bestätigung ist verschickt.").wait_for()
    shot(desk, "notice-07-staff-confirmed-1280")
    staff_context.close()

    # The confirmation is in the outbox: an e-mail to Erika, a printed letter to Ben.
    email = OutboxMessage.objects.get(kind="notice_confirmation", recipient_party=tenant)
    assert email.channel == "email"
    assert f"Mietende: {_day(earliest)}" in email.body_text
    assert "Lindenweg 12" in email.body_text
    letter = OutboxMessage.objects.get(kind="notice_confirmation", recipient_party=co_tenant)
    assert letter.channel == "letter"
    pdf = render_letter(spec_for(letter))
    (ARTIFACTS / "notice-confirmation-letter.pdf").write_bytes(pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Bestätigung Ihrer Kündigung zum {_day(earliest)}" in text
    assert "Vorabnahme" in text and "Schlüssel" in text

    # The tenant sees the confirmation and the co-tenant's consent on her page.
    page.reload()
    page.get_by_role("link", name="Kündigungsbestätigung (PDF)").wait_for()
    shot(page, "notice-08-confirmed-390")
    assert axe_violations(page) == [], describe("notice status", axe_violations(page))
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "notice-09-confirmed-1280")
    context.close()
