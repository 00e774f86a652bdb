"""Files on a ticket: the one way one is stored, whoever brings it (a tenant's photo, a standard attachment
copied onto a reply, a contractor's photo, a file from an incoming e-mail), with its ATTACHMENT timeline row.
The caller checks the content first (tickets.uploads for photos); this module only stores it."""

import logging
import re
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from estate.text import clean_text

from .actors import Actor
from .errors import AttachmentNotStored
from .models import Attachment, Message, Ticket, TicketEvent
from .timeline import record

log = logging.getLogger(__name__)

DISPLAY_NAME_MAX = 120
_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")


def display_name(name: str | None, *, default: str = "anhang") -> str:
    """The sender's name for a file as we show it: cleaned by the text rules, without any folder part,
    leading dots or control characters, at most DISPLAY_NAME_MAX characters with its extension kept.
    Never used as a path."""
    text = re.split(r"[/\\]", clean_text(name or ""))[-1].lstrip(". ").strip()
    if not text:
        return default
    if len(text) > DISPLAY_NAME_MAX:
        stem, dot, extension = text.rpartition(".")
        extension = extension[:8] if dot and stem else ""
        text = text[: DISPLAY_NAME_MAX - len(extension) - 1].rstrip() + ("." + extension if extension else "")
    return text


@transaction.atomic
def attachment_store(
    *,
    ticket: Ticket,
    content: bytes,
    name: str,
    content_type: str,
    actor: Actor,
    is_public: bool,
    message: Message | None = None,
    thumbnail: bytes = b"",
) -> Attachment:
    """Store one file on `ticket` (on `message`, where given) and record it on the timeline. `name` is
    only shown; the file is stored under a name of our own. Raises AttachmentNotStored, with a message for
    the person, when the storage fails: the caller's transaction then rolls back as a whole."""
    attachment = attachment_file(
        ticket=ticket,
        content=content,
        name=name,
        content_type=content_type,
        actor=actor,
        is_public=is_public,
        message=message,
        thumbnail=thumbnail,
    )
    attachment_record(attachment, actor=actor)
    return attachment


def attachment_file(
    *,
    ticket: Ticket,
    content: bytes,
    name: str,
    content_type: str,
    actor: Actor,
    is_public: bool,
    message: Message | None = None,
    thumbnail: bytes = b"",
) -> Attachment:
    """The file and its row, not yet on the timeline: `attachment_store` without its last step, for
    `ticket_create`, which writes the photos before it takes the reference number and records them after
    the ticket's CREATED row. Everyone else calls `attachment_store`."""
    shown = display_name(name)
    extension = shown.rsplit(".", 1)[1].lower() if "." in shown else ""
    # The sender's name for a file is only shown, never used as a path; on disk it is ours.
    stored = f"{uuid.uuid4().hex}.{extension if _EXTENSION.match(extension) else 'bin'}"
    attachment = Attachment(
        ticket=ticket,
        message=message,
        original_name=shown,
        content_type=content_type,
        size=len(content),
        is_public=is_public,
        uploaded_by=actor.user if actor.user and actor.user.pk else None,
        uploaded_by_label=actor.label[:200],
    )
    try:
        attachment.file.save(stored, ContentFile(content), save=False)
        if thumbnail:
            attachment.thumbnail.save(f"thumb-{stored}", ContentFile(thumbnail), save=False)
    except OSError as error:
        log.exception("Storing %r (%d bytes) on ticket %s failed", shown, len(content), ticket.pk)
        _remove_files(attachment)
        raise AttachmentNotStored(_not_stored_message(shown, content_type)) from error
    attachment.save()
    return attachment


def attachment_record(attachment: Attachment, *, actor: Actor) -> TicketEvent:
    return record(
        attachment.ticket,
        kind=TicketEvent.Kind.ATTACHMENT,
        actor=actor,
        is_public=attachment.is_public,
        attachment_id=attachment.pk,
    )


def attachments_remove_files(attachments: list[Attachment]) -> None:
    """Take back files already written when the change they belong to fails, so a rolled-back change
    leaves no file nobody can reach. Rows go with the transaction; only the storage needs this."""
    for attachment in attachments:
        _remove_files(attachment)


def _remove_files(attachment: Attachment) -> None:
    for field in (attachment.file, attachment.thumbnail):
        if field.name:
            try:
                field.storage.delete(field.name)
            except OSError:
                log.warning("Could not remove %s after a failed upload", field.name, exc_info=True)


def _not_stored_message(name: str, content_type: str) -> str:
    if content_type.startswith("image/"):
        return _(
            "Das Foto „%(name)s“ konnte wegen einer Störung bei uns nicht gespeichert werden. "
            "Es wurde nichts gesendet; bitte versuchen Sie es noch einmal."
        ) % {"name": name}
    return _(
        "Die Datei „%(name)s“ konnte wegen einer Störung bei uns nicht gespeichert werden. "
        "Es wurde nichts gespeichert; bitte versuchen Sie es noch einmal."
    ) % {"name": name}
