"""A reply with a text block and a standard attachment, in a real Chromium: the case worker sends it, the
e-mail greets and closes once, is signed and carries the PDF, and the tenant sees the PDF as a file."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from notifications.models import OutboxMessage
from notifications.tasks import deliver
from tests.backoffice.factories import StandardAttachmentFactory, TextBlockFactory
from tests.factories import (
    CatalogItemFactory,
    PartyFactory,
    StaffFactory,
    TenancyFactory,
    TicketFactory,
    resident_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def test_tenant_gets_one_greeting_the_signature_and_the_pdf(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    worker = StaffFactory(
        first_name="Sabine", last_name="Sachbearbeiterin", signature="Sabine Sachbearbeiterin"
    )
    tenancy = TenancyFactory(
        party=PartyFactory(salutation="Frau", first_name="Erika", last_name="Mustermann")
    )
    resident_user(tenancy.party)
    ticket = TicketFactory(
        item=CatalogItemFactory(name_de="WC-Spülung defekt"),
        reporter=tenancy.party,
        property=tenancy.unit.building.property,
        unit=tenancy.unit,
        assignee=worker,
    )
    TextBlockFactory(
        title="Termin",
        body_de="{salutation},\n\nder Handwerker kommt am Montag.\n\nMit freundlichen Grüßen",
    )
    StandardAttachmentFactory(title="Hausordnung")

    context, desk = _signed_in(browser, live_server, worker)
    desk.goto(f"{live_server.url}/backoffice/meldungen/{ticket.reference}/")
    desk.get_by_label("Textbaustein").select_option(label="Termin")
    desk.get_by_role("button", name="Einfügen").click()
    expect(desk.get_by_label("Text:", exact=True)).to_have_value(re.compile("Handwerker kommt"))
    desk.get_by_label("Hausordnung").check()
    desk.get_by_role("button", name="Speichern", exact=True).click()
    desk.get_by_text("Gespeichert.").wait_for()
    context.close()

    row = OutboxMessage.objects.get(ticket=ticket, kind="public_reply")
    deliver(row.pk)
    [sent] = [m for m in mail.outbox if m.subject == row.subject]
    assert sent.body.count("Sehr geehrte Frau Mustermann") == 1
    assert sent.body.count("Mit freundlichen Grüßen") == 1
    assert "Sabine Sachbearbeiterin" in sent.body
    assert [a[0] for a in sent.attachments] == ["hausordnung.pdf"]

    context, home = _signed_in(browser, live_server, tenancy.party.user)
    home.goto(f"{live_server.url}/portal/meldungen/{ticket.reference}/")
    link = home.get_by_role("link", name="hausordnung.pdf")
    link.wait_for()
    assert home.locator(".p-timeline img").count() == 0
    context.close()
