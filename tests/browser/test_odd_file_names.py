"""Photos whose names Django's form parser would refuse (over 1 KB of header) or drop (not readable) are
renamed in the browser before they are sent: the reply arrives with its text and every photo."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import PartyFactory, StaffFactory, TenancyFactory, TicketFactory, resident_user
from tickets.models import Message

from ..portal.images import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reply_with_a_1000_character_and_an_odd_file_name_arrives_whole(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    tenancy = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann"))
    resident_user(tenancy.party)
    ticket = TicketFactory(reporter=tenancy.party, unit=tenancy.unit, assignee=StaffFactory())
    client = Client()
    client.force_login(tenancy.party.user)
    context = browser.new_context(locale="de-DE")
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:ticket", args=[ticket.reference]))

    jpeg = photo().read()
    page.get_by_label("Ihre Nachricht").fill("Zwei Fotos vom Flur.")
    page.get_by_label("Fotos hinzufügen").set_input_files(
        [
            {"name": "a" * 1000 + ".JPG", "mimeType": "image/jpeg", "buffer": jpeg},
            {"name": "Flur\u202egpj.exe\u0007.jpg", "mimeType": "image/jpeg", "buffer": jpeg},
            {"name": "Küche (2).jpg", "mimeType": "image/jpeg", "buffer": jpeg},
        ]
    )
    page.get_by_role("button", name="Senden").click()
    page.get_by_text("Ihre Nachricht wurde gesendet.").wait_for()
    context.close()

    message = Message.objects.get(ticket=ticket)
    assert message.body == "Zwei Fotos vom Flur."
    names = sorted(message.attachments.values_list("original_name", flat=True))
    assert names == ["Küche (2).jpg", "foto-1.jpg", "foto-2.jpg"]
