"""A staff reply with standard attachments (house rules, forms) copied onto the message, so the tenant
downloads them from the ticket like any other file."""

import mimetypes
from collections.abc import Iterable
from pathlib import PurePath

from django.db import transaction

from . import services, workflow
from .actors import Actor
from .attachments import attachment_store
from .models import Attachment, Message, Ticket
from .workspace import StandardAttachment


def _copy(standard: StandardAttachment, *, ticket: Ticket, message: Message, actor: Actor) -> Attachment:
    name = PurePath(standard.file.name).name
    with standard.file.open("rb") as source:
        content = source.read()
    # A copy, not a reference: the tenant's file stays as sent even when the admin replaces the standard one.
    return attachment_store(
        ticket=ticket,
        message=message,
        content=content,
        name=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        actor=actor,
        is_public=message.is_public,
    )


@transaction.atomic
def reply_add(
    *,
    ticket: Ticket,
    actor: Actor,
    kind: str,
    body: str,
    standard_attachments: Iterable[StandardAttachment] = (),
    caller: str = "",
    direction: str = "",
    duration_minutes: int | None = None,
    expected_version: int | None = None,
) -> Message:
    """A reply, note or phone note through `message_add`, with the chosen standard attachments on it."""
    # A message overwrites nothing, but one written against an outdated picture (the ticket was closed
    # or reassigned meanwhile) should be looked at again before the tenant reads it.
    workflow.check_version(ticket, expected_version)
    message = services.message_add(
        ticket=ticket,
        actor=actor,
        kind=kind,
        body=body,
        caller=caller,
        direction=direction,
        duration_minutes=duration_minutes,
    )
    for standard in standard_attachments:
        _copy(standard, ticket=ticket, message=message, actor=actor)
    return message
