"""IMAP polling: unseen mail is stored and only then marked seen; one broken mail does not hold up the rest.

PyPI has no maintained IMAP server to run in-process for tests, so the mailbox here is a stand-in for
`imaplib.IMAP4` that speaks the few commands the poller uses. This is the only fake in these tests: the
parsing and storing behind it are the real service, fed with the corpus mails."""

import imaplib
from pathlib import Path

import pytest

from notifications import imap
from notifications.models import InboundMail

CORPUS = Path(__file__).parent / "corpus"


class FakeIMAP:
    """Holds raw mails by UID; records logins, selected folder and \\Seen flags like a server would."""

    def __init__(self, mails: list[bytes], *, broken: set[bytes] = frozenset()) -> None:
        self.mails = {str(n).encode(): raw for n, raw in enumerate(mails, start=1)}
        self.broken = broken
        self.seen: set[bytes] = set()
        self.logins: list[tuple[str, str]] = []
        self.folder = ""
        self.logged_out = False

    def login(self, user, password):
        self.logins.append((user, password))
        return "OK", [b"LOGIN completed"]

    def select(self, folder):
        self.folder = folder
        return "OK", [str(len(self.mails)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid in self.mails if uid not in self.seen]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid = args[0]
            assert args[1] == "(BODY.PEEK[])", "fetching must not mark the mail seen"
            if uid in self.broken:
                raise imaplib.IMAP4.abort("connection reset while fetching")
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {n}", self.mails[uid]), b")"]
        if command == "STORE":
            assert args[1:] == ("+FLAGS", "(\\Seen)")
            self.seen.add(args[0])
            return "OK", [b""]
        raise AssertionError(f"unexpected IMAP command {command}")

    def logout(self):
        self.logged_out = True
        return "BYE", [b""]


def raw(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def test_no_mailbox_configured_means_no_polling(settings):
    settings.INBOUND_IMAP_URL = ""
    assert imap.mailbox_poll() == {"stored": 0, "skipped": 0, "failed": 0}


def test_mailbox_url_is_read_with_escaped_password():
    box = imap.mailbox_from_url("imaps://service%40example.org:p%2Fw%3Ard@imap.example.org/Posteingang")
    assert box == imap.Mailbox(
        host="imap.example.org",
        port=993,
        user="service@example.org",
        password="p/w:rd",
        folder="Posteingang",
        use_ssl=True,
    )
    with pytest.raises(ValueError):
        imap.mailbox_from_url("pop3://host/")


@pytest.mark.django_db
def test_a_broken_mail_stays_unseen_and_the_others_are_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INBOUND_IMAP_URL = "imaps://service:geheim@imap.example.org/INBOX"
    mailbox = FakeIMAP(
        [raw("08-unknown-sender.eml"), raw("02-latin1-umlauts.eml"), raw("06-outlook-auto-reply.eml")],
        broken={b"1"},
    )
    assert imap.mailbox_poll(client=mailbox) == {"stored": 1, "skipped": 1, "failed": 1}
    assert mailbox.logins == [("service", "geheim")] and mailbox.folder == '"INBOX"'
    assert mailbox.seen == {b"2", b"3"} and mailbox.logged_out
    assert InboundMail.objects.get().subject == "Schimmel im Badezimmer - Wohnung Gärtnerstraße"
    # The next poll picks up the mail that failed, once the server hands it over.
    mailbox.broken = set()
    assert imap.mailbox_poll(client=mailbox) == {"stored": 1, "skipped": 0, "failed": 0}
    assert InboundMail.objects.count() == 2


@pytest.mark.django_db
def test_a_mail_that_cannot_be_stored_is_not_marked_seen(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def database_down(*, raw):
        raise ConnectionError("database unavailable")

    monkeypatch.setattr(imap, "inbound_receive_raw", database_down)
    mailbox = FakeIMAP([raw("08-unknown-sender.eml")])
    assert imap.mailbox_poll(client=mailbox)["failed"] == 1
    assert mailbox.seen == set()
