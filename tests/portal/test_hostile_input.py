"""Hostile input in the portal's forms: odd file names, refused photos among good ones, invisible and
control characters, full-width IBANs and decimal commas. Never a 500, never a bare 400, nothing that was
fine is lost, and every refusal says why."""

import re

import pytest
from django.urls import reverse

from catalogs.models import ExtraField
from tests.factories import CatalogItemFactory, ExtraFieldFactory, TicketFactory
from tickets.models import Attachment, Message, Ticket

from .images import photo
from .multipart import CONTENT_TYPE, multipart

pytestmark = pytest.mark.django_db

INVISIBLE_ONLY = "\u200b\ufeff\u2060\u00a0 \u200b"
STORED = re.compile(r"^tickets/\d+/[0-9a-f]{32}\.jpg$")


def _reply(client, ticket, body: bytes):
    return client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]), data=body, content_type=CONTENT_TYPE
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"../../../etc/passwd.jpg", "passwd.jpg"),
        (b"..\\..\\boot.ini.jpg", "boot.ini.jpg"),
        (b"a\x00b.jpg", "ab.jpg"),
        (b".htaccess", "htaccess.jpg"),
        (b"shell.php.jpg", "shell.php.jpg"),
        ("Ba\u0308d O\u0308lheizung.jpg".encode(), "Bäd Ölheizung.jpg"),  # NFD from a Mac becomes NFC
    ],
)
def test_hostile_file_names_are_stored_under_our_name_and_shown_cleaned(
    tenant_client, tenant, media, raw, shown
):
    ticket = TicketFactory(reporter=tenant)
    response = _reply(
        tenant_client, ticket, multipart({"body": "Foto anbei"}, [("photos", raw, photo().read())])
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert STORED.match(attachment.file.name), attachment.file.name
    assert attachment.original_name == shown


def test_a_photo_without_a_file_name_is_refused_with_the_text_kept(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    response = _reply(
        tenant_client, ticket, multipart({"body": "Foto anbei"}, [("photos", b"", photo().read())])
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ein Foto kam ohne lesbaren Dateinamen an" in page
    assert "Foto anbei</textarea>" in page
    assert not Message.objects.exists()


def test_a_file_name_that_is_not_utf8_is_no_server_error(tenant_client, tenant, media):
    """Django's parser drops a part whose header is not UTF-8 before any of our code sees it; what matters
    here is that the person gets an answer and the text arrives."""
    ticket = TicketFactory(reporter=tenant)
    response = _reply(
        tenant_client, ticket, multipart({"body": "Foto anbei"}, [("photos", b"\xff\xfe.jpg", b"x")])
    )
    assert response.status_code in (302, 400)
    assert Message.objects.get().body == "Foto anbei"


def test_a_file_name_of_1000_characters_gets_our_page_saying_why(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    response = _reply(
        tenant_client,
        ticket,
        multipart({"body": "Foto"}, [("photos", b"a" * 1000 + b".jpg", photo().read())]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Eine Datei konnte nicht gelesen werden" in page and "kürzeren Namen" in page


def test_a_refused_photo_keeps_the_text_and_the_other_photos(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    url = reverse("portal:ticket_reply", args=[ticket.reference])
    response = tenant_client.post(
        url,
        {"body": "Es tropft.", "photos": [photo("flur.jpg"), photo("plan.gif", fmt="GIF"), photo("bad.jpg")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "„plan.gif“ ist kein Foto" in page
    assert "Es tropft.</textarea>" in page
    assert "Schon ausgewählt, wird mitgesendet: flur.jpg, bad.jpg" in page
    kept = re.findall(r'name="photos_kept" value="([0-9a-f]{32})"', page)
    assert len(kept) == 2
    assert not Message.objects.exists() and not Attachment.objects.exists()

    again = tenant_client.post(url, {"body": "Es tropft.", "photos_kept": kept})
    assert again.status_code == 302
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["bad.jpg", "flur.jpg"]


def test_a_kept_photo_that_expired_is_named_as_missing(tenant_client, tenant, media):
    ticket = TicketFactory(reporter=tenant)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]),
        {"body": "Noch einmal", "photos_kept": ["0" * 32, "../../etc"]},
    )
    assert response.status_code == 400
    assert "Ein vorhin ausgewähltes Foto ist nicht mehr da" in response.content.decode()


def test_a_reply_of_invisible_characters_is_refused(tenant_client, tenant):
    ticket = TicketFactory(reporter=tenant)
    response = tenant_client.post(
        reverse("portal:ticket_reply", args=[ticket.reference]), {"body": INVISIBLE_ONLY}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode() or "Pflichtfeld" in response.content.decode()
    assert not Message.objects.exists()


def test_a_reply_loses_nul_and_control_characters_but_keeps_its_lines(tenant_client, tenant):
    ticket = TicketFactory(reporter=tenant)
    body = "\u200bErste\x00 Zeile\x07\r\n\tZweite\u202e Zeile\x1b[31m "
    response = tenant_client.post(reverse("portal:ticket_reply", args=[ticket.reference]), {"body": body})
    assert response.status_code == 302
    assert Message.objects.get().body == "Erste Zeile\n\tZweite Zeile[31m"


@pytest.fixture
def details(unit):
    item = CatalogItemFactory(name_de="Bankverbindung ändern")
    ExtraFieldFactory(item=item, key="iban", label_de="Neue IBAN", kind=ExtraField.Kind.IBAN, required=False)
    ExtraFieldFactory(
        item=item, key="flaeche", label_de="Fläche", kind=ExtraField.Kind.NUMBER, required=False
    )
    ExtraFieldFactory(item=item, key="seit", label_de="Seit wann?", kind=ExtraField.Kind.TEXT, required=False)
    return reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"


def test_report_takes_a_full_width_iban_and_a_decimal_comma(tenant_client, tenant, details, media):
    response = tenant_client.post(
        details,
        {
            "description": "Neue\x00 Bankverbindung",
            "x_iban": "ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００",
            "x_flaeche": "12,5",
            "x_seit": "\u200bgestern\x07",
            "visibility": "private",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket = Ticket.objects.get()
    assert ticket.description == "Neue Bankverbindung"
    assert ticket.answers == {"iban": "DE89370400440532013000", "flaeche": "12.5", "seit": "gestern"}


def test_report_refuses_a_description_of_invisible_characters(tenant_client, tenant, details):
    response = tenant_client.post(details, {"description": INVISIBLE_ONLY, "visibility": "private"})
    assert response.status_code == 200
    assert "Bitte beschreiben Sie kurz, was passiert ist." in response.content.decode()
    assert not Ticket.objects.exists()


def test_report_refuses_a_description_that_is_too_long_with_the_limit(tenant_client, tenant, details):
    response = tenant_client.post(details, {"description": "x" * 1_000_000, "visibility": "private"})
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert not Ticket.objects.exists()
