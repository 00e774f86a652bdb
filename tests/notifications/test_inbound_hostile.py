"""Hostile mail (tests/notifications/corpus/hostile/*.eml, and a few built here) through both ways in: no
error, nothing lost (a row holds the exact bytes), nothing stored as text that a database or a terminal
chokes on, and every one in the mailbox where staff can see it and download it as it arrived."""

from pathlib import Path

import pytest
from django.urls import reverse

from notifications import imap
from notifications.inbound import inbound_receive_raw
from notifications.models import InboundMail
from tests.notifications.test_imap_polling import FakeIMAP
from tests.notifications.test_inbound_corpus import post_webhook

pytestmark = pytest.mark.django_db

HOSTILE = Path(__file__).parent / "corpus" / "hostile"
SECRET = "webhook:s3cret-value"


def huge_header_lines() -> bytes:
    references = b" ".join(b"<r%d@example.com>" % n for n in range(5000))
    return (
        b"From: anna@example.com\r\nTo: service@example.org\r\nSubject: " + b"Lang " * 20000 + b"\r\n"
        b"References: " + references + b"\r\nX-Junk: " + b"x" * 200_000 + b"\r\n"
        b"Message-ID: <huge-headers@example.com>\r\n\r\nKurz\r\n"
    )


MAILS = {path.name: path.read_bytes() for path in sorted(HOSTILE.glob("*.eml"))}
MAILS["huge-header-lines"] = huge_header_lines()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture(params=["webhook", "imap"])
def deliver(request, client):
    def send(raw: bytes) -> None:
        if request.param == "webhook":
            assert post_webhook(client, raw).status_code == 200
        else:
            mailbox = FakeIMAP([raw])
            assert imap.mailbox_poll(client=mailbox) == {"stored": 1, "skipped": 0, "failed": 0}

    return send


@pytest.mark.parametrize("name", list(MAILS))
def test_hostile_mail_is_kept_and_shown_to_staff(deliver, client, case_worker, name):
    raw = MAILS[name]
    deliver(raw)
    stored = InboundMail.objects.get()
    assert bytes(stored.raw) == raw
    for text in (stored.body_text, stored.subject, stored.from_address, stored.message_id):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:mailbox")).content.decode()
    download = reverse("backoffice:mailbox_original", args=[stored.pk])
    assert download in page
    original = client.get(download)
    assert original.status_code == 200 and original.content == raw
    assert original["Content-Disposition"].startswith("attachment;")


def test_eight_bit_text_without_a_charset_keeps_its_umlauts():
    stored = inbound_receive_raw(raw=MAILS["01-8bit-body-without-charset.eml"])
    assert stored.state == InboundMail.State.READ
    assert "Heizkörper im Büro" in stored.body_text and "Grüße" in stored.body_text


def test_latin1_text_labelled_utf8_is_read_as_windows_1252():
    stored = inbound_receive_raw(raw=MAILS["02-utf8-label-on-latin1-body.eml"])
    assert "Wasser in der Küche, 30 € Schaden" in stored.body_text


def test_nuls_and_control_characters_are_removed_from_the_text():
    stored = inbound_receive_raw(raw=MAILS["03-nul-in-body-and-subject.eml"])
    assert "Text mit NUL und" in stored.body_text and stored.subject == "Nullbyte"


def test_a_header_with_a_line_break_in_the_address_keeps_the_sender():
    stored = inbound_receive_raw(raw=MAILS["05-crlf-inside-address.eml"])
    assert stored.from_address == "mallory@example.com"
    assert "\n" not in stored.subject


def test_a_mail_nobody_can_read_waits_as_raw_mail(monkeypatch):
    from notifications import mime

    def unreadable(message, **kwargs):
        raise ValueError("a parser bug")

    monkeypatch.setattr(mime, "parse", unreadable)
    stored = inbound_receive_raw(raw=MAILS["06-broken-headers.eml"])
    assert stored.state == InboundMail.State.UNREADABLE and stored.is_unreadable
    assert "Text nach kaputten Kopfzeilen" in stored.body_text and bytes(stored.raw)


def test_the_same_bytes_twice_are_one_row_and_a_reused_message_id_with_other_text_is_kept():
    first = b"From: anna@example.com\r\nSubject: Hallo\r\nMessage-ID: <same@example.com>\r\n\r\nEins\r\n"
    assert isinstance(inbound_receive_raw(raw=first), InboundMail)
    assert inbound_receive_raw(raw=first) is None
    other = first.replace(b"Eins", b"Zwei")
    assert isinstance(inbound_receive_raw(raw=other), InboundMail)
    assert InboundMail.objects.filter(message_id="<same@example.com>").count() == 2


def test_a_mail_whose_reading_never_finished_is_read_on_the_next_delivery(monkeypatch):
    raw = MAILS["01-8bit-body-without-charset.eml"]
    monkeypatch.setattr("notifications.inbound.inbound_read", lambda mail: mail)
    waiting = inbound_receive_raw(raw=raw)
    assert waiting.state == InboundMail.State.RECEIVED and waiting.raw
    monkeypatch.undo()
    again = inbound_receive_raw(raw=raw)
    assert again.pk == waiting.pk and again.state == InboundMail.State.READ
