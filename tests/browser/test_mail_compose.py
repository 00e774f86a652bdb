"""The shared mailbox in a real Chromium: a case worker writes a new e-mail to a tenant with a text block
and a standard attachment; the e-mail greets once, is signed and carries the file, the tenant's answer
threads into the same ticket; the compose page passes axe-core on a phone and a desktop."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from notifications.inbound import inbound_receive_raw
from notifications.models import OutboxMessage
from notifications.tasks import deliver
from tests.backoffice.factories import StandardAttachmentFactory, TextBlockFactory
from tests.factories import PartyFactory, StaffFactory, TenancyFactory, TicketFactory
from tickets.models import Message

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    worker = StaffFactory(
        first_name="Sabine", last_name="Sachbearbeiterin", signature="Sabine Sachbearbeiterin"
    )
    tenancy = TenancyFactory(
        party=PartyFactory(
            salutation="Frau", first_name="Erika", last_name="Mustermann", email="erika@example.org"
        )
    )
    ticket = TicketFactory(reporter=tenancy.party, assignee=worker)
    return worker, tenancy.party, ticket


def _signed_in(browser, live_server, user, width=1280):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


def test_a_new_mail_greets_once_is_signed_carries_the_file_and_the_answer_threads(live_server, browser, desk):
    worker, tenant, ticket = desk
    TextBlockFactory(
        title="Termin", body_de="{salutation},\n\nder Handwerker kommt am Montag.\n\nMit freundlichen Grüßen"
    )
    StandardAttachmentFactory(title="Hausordnung")

    context, page = _signed_in(browser, live_server, worker)
    page.goto(f"{live_server.url}/backoffice/postfach/neu/?party={tenant.pk}")
    expect(page.get_by_label("An:", exact=True)).to_have_value("erika@example.org")
    page.get_by_label("Zu Meldung (optional)").fill(ticket.reference)
    page.get_by_label("Betreff").fill("Ihr Wasserhahn")
    page.get_by_label("Textbaustein").select_option(label="Termin")
    page.get_by_role("button", name="Textbaustein einfügen").click()
    expect(page.get_by_label("Text:", exact=True)).to_have_value(re.compile("Sehr geehrte Frau Mustermann"))
    page.get_by_label("Hausordnung").check()
    page.get_by_role("button", name="Senden").click()
    page.wait_for_url(re.compile(r"/backoffice/"))
    context.close()

    row = OutboxMessage.objects.get(kind="mailbox_mail")
    deliver(row.pk)
    [sent] = [m for m in mail.outbox if m.subject == row.subject]
    assert sent.to == ["erika@example.org"]
    assert sent.body.count("Sehr geehrte Frau Mustermann") == 1
    assert sent.body.count("Mit freundlichen Grüßen") == 1
    assert "Sabine Sachbearbeiterin" in sent.body
    assert [name for name, _content, _type in sent.attachments] == ["hausordnung.pdf"]

    answer = (
        "From: erika@example.org\r\nTo: service@example.org\r\nSubject: Re: Ihr Wasserhahn\r\n"
        f"Message-ID: <antwort-1@example.org>\r\nIn-Reply-To: {sent.extra_headers['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nMontag passt.\r\n"
    ).encode()
    reply = inbound_receive_raw(raw=answer)
    assert isinstance(reply, Message) and reply.ticket == ticket and "Montag passt." in reply.body


@pytest.mark.parametrize("width", [390, 1280])
def test_the_compose_page_passes_axe(live_server, browser, desk, width):
    worker, tenant, _ticket = desk
    context, page = _signed_in(browser, live_server, worker, width=width)
    page.goto(f"{live_server.url}/backoffice/postfach/neu/?party={tenant.pk}")
    expect(page.get_by_role("button", name="Senden")).to_be_visible()
    violations = axe_violations(page)
    context.close()
    assert not violations, describe(f"compose at {width} px", violations)
