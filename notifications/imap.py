"""IMAP polling of the shared mailbox (service@, schaden@): every unseen mail goes through the same inbound
service as the webhook and is marked \\Seen only once it is stored, so a crash leaves it for the next poll.
One broken mail does not hold up the others; it stays unseen and is retried (and logged) every poll."""

import imaplib
import logging
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from .inbound import inbound_receive_raw

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60
# A poll handles this many mails at most, so one run stays well inside the task's time limit.
BATCH = 200


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str
    use_ssl: bool


def mailbox_from_url(url: str) -> Mailbox | None:
    """`imaps://user:password@host[:port]/INBOX` (or `imap://` for a server on this machine only)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"imap", "imaps"} or not parts.hostname:
        raise ValueError("INBOUND_IMAP_URL must look like imaps://user:password@host/INBOX")
    use_ssl = parts.scheme == "imaps"
    return Mailbox(
        host=parts.hostname,
        port=parts.port or (993 if use_ssl else 143),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        use_ssl=use_ssl,
    )


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.use_ssl:
        return imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT_SECONDS
        )
    return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)


def mailbox_poll(*, client: imaplib.IMAP4 | None = None) -> dict[str, int]:
    """Fetch the unseen mail, store each, mark it seen. Returns counts for the log and the tests."""
    counts = {"stored": 0, "skipped": 0, "failed": 0}
    mailbox = mailbox_from_url(settings.INBOUND_IMAP_URL)
    if client is None:
        if mailbox is None:
            return counts
        client = connect(mailbox)
    try:
        if mailbox is not None:
            client.login(mailbox.user, mailbox.password)
        client.select(_quoted(mailbox.folder if mailbox else "INBOX"))
        status, data = client.uid("SEARCH", None, "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error(f"SEARCH UNSEEN answered {status}")
        for uid in (data[0] or b"").split()[:BATCH]:
            counts[_handle(client, uid)] += 1
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            log.warning("IMAP logout failed", exc_info=True)
    if any(counts.values()):
        log.info("Mailbox polled: %s", counts)
    return counts


def _handle(client: imaplib.IMAP4, uid: bytes) -> str:
    try:
        # BODY.PEEK leaves the mail unseen until it is stored.
        status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next((item[1] for item in data or [] if isinstance(item, tuple)), None)
        if status != "OK" or raw is None:
            raise imaplib.IMAP4.error(f"FETCH {uid!r} answered {status}")
        stored = inbound_receive_raw(raw=raw)
    except Exception:
        log.exception("Incoming mail with IMAP UID %s could not be stored; it stays unseen", uid)
        return "failed"
    # Seen only now: the mail is stored (or was automatic mail or a duplicate, which needs nothing more).
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    return "stored" if stored is not None else "skipped"


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
