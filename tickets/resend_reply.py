"""A reply sent again under the key it was first sent with is no second message (ReplyKey): the form's
key, the digest of what was sent, and the once-only wrapper around the service that writes the message."""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .reply_keys import ReplyKey
from .resend import ReportKeyReused

FIELD = "reply_key"
# None changes what was sent: the CSRF token is masked anew on every page, and the ticket's version is
# the page's, which a first copy that was stored has moved on.
NOT_CONTENT = {FIELD, "csrfmiddlewaretoken", "version", "seen"}


class ReplyKeyReused(ReportKeyReused):
    """The key came before with other content: refused like a report's, in a message's words."""

    default_message = _(
        "Diese Nachricht wurde schon einmal gesendet, damals mit anderem Inhalt. Bitte laden Sie die "
        "Seite neu und senden Sie Ihre Nachricht noch einmal."
    )


def sent_key(data) -> uuid.UUID | None:
    """The key a form came back with (None for a form shown before keys existed, or a garbled one)."""
    try:
        return uuid.UUID(data.get(FIELD, ""))
    except (ValueError, TypeError):
        return None


def form_key(data=None) -> str:
    """The key to put in the form: the one it came back with, else a new one."""
    return str((sent_key(data) if data is not None else None) or uuid.uuid4())


def fingerprint(path: str, data, files) -> str:
    """A digest of the address, the fields and the files' bytes, in a fixed order."""
    digest = hashlib.sha256(path.encode())
    for name in sorted(data):
        if name not in NOT_CONTENT:
            for value in data.getlist(name):
                digest.update(f"\0{name}={value}".encode())
    for name in sorted(files):
        for upload in _uploads(files, name):
            part = hashlib.sha256()
            for chunk in upload.chunks():
                part.update(chunk)
            upload.seek(0)
            digest.update(f"\0{name}:{part.hexdigest()}".encode())
    return digest.hexdigest()


def _uploads(files, name) -> Iterable:
    return files.getlist(name) if hasattr(files, "getlist") else [files[name]]


def message_add_once(*, key: uuid.UUID | None, fingerprint: str, author, add: Callable[[], object]):
    """`add()` (a service that writes one message) at most once per author and key: the same key with
    the same content answers the message made the first time, other content raises ReplyKeyReused.
    Without a key (a form from before keys existed) it simply adds."""
    if key is None:
        return add()
    try:
        with transaction.atomic():
            if (known := _known(author=author, key=key, fingerprint=fingerprint)) is not None:
                return known
            message = add()
            ReplyKey.objects.create(author=author, key=key, fingerprint=fingerprint, message=message)
            return message
    except IntegrityError:
        # Both copies arrived at once; the other won at the unique index and this one's message, photos
        # and mail went with the rolled-back savepoint.
        known = _known(author=author, key=key, fingerprint=fingerprint)
        if known is None:
            raise
        return known


def _known(*, author, key: uuid.UUID, fingerprint: str):
    sent = ReplyKey.objects.filter(author=author, key=key).select_related("message").first()
    if sent is None:
        return None
    if sent.fingerprint != fingerprint:
        raise ReplyKeyReused
    return sent.message
