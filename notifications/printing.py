"""Print batches (Druckstapel) for the post room: pending letters gathered once, sorted by postcode, behind a
cover sheet, rendered into one PDF on the print queue.

Exactly once, even when a worker dies: a batch's letters and their order are fixed in one transaction when
it is created (a letter belongs to one batch only), so rendering it again gives the same PDF. The letters
are marked sent, and their tickets told, in the same transaction that stores the PDF; a run that finds
the batch already stored changes nothing."""

import datetime as dt
import io
import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from tickets.actors import Actor
from tickets.models import TicketEvent

from .letters import LetterSpec, render_letters
from .letters.outbox import kind_label, spec_for
from .letters.specs import NoPostalAddress
from .models import OutboxMessage, PrintBatch, PrintBatchItem

log = logging.getLogger(__name__)

# Longer than the task's hard time limit (10 minutes): a batch that has not moved for this long has no
# worker any more, and the sweep hands it to a new one.
STALE_AFTER = dt.timedelta(minutes=15)
POSTCODE = re.compile(r"\d{4,5}")


def pending_letters() -> QuerySet[OutboxMessage]:
    """Letters waiting for the post room that no batch holds yet."""
    return OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.LETTER, state=OutboxMessage.State.PENDING
    ).exclude(pk__in=PrintBatchItem.objects.values("message_id"))


def _postcode(recipient: tuple[str, ...]) -> str:
    match = POSTCODE.match(recipient[-1].strip()) if recipient else None
    return match.group(0) if match else ""


@transaction.atomic
def print_batch_create(
    *,
    created_by=None,
    message_ids: list[int] | None = None,
    with_cover: bool = True,
    enqueue: bool = True,
) -> PrintBatch | None:
    """Gather every pending letter (or the given ones) into a new batch, sorted by postcode; None when
    there is nothing to print. Letters another batch is gathering right now are skipped, not waited for."""
    letters = pending_letters()
    if message_ids is not None:
        letters = letters.filter(pk__in=message_ids)
    letters = (
        letters.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient_party", "ticket__unit__building", "ticket__item", "ticket__property")
        .order_by("pk")
    )
    entries, unaddressable = [], []
    for message in letters:
        try:
            recipient = spec_for(message).recipient
        except NoPostalAddress as exc:
            unaddressable.append((message.pk, str(exc)))
            continue
        entries.append((_postcode(recipient), recipient[0] if recipient else "", message.pk, recipient))
    for pk, error in unaddressable:
        # Nobody can post it: staff find it in the outbox as failed, with the reason.
        OutboxMessage.objects.filter(pk=pk).update(state=OutboxMessage.State.FAILED, last_error=error)
        log.warning("Letter %s left out of the print batch: %s", pk, error)
    if not entries:
        return None
    entries.sort()
    batch = PrintBatch.objects.create(created_by=created_by, with_cover=with_cover, letter_count=len(entries))
    PrintBatchItem.objects.bulk_create(
        PrintBatchItem(batch=batch, message_id=pk, position=n, recipient=list(recipient), postcode=postcode)
        for n, (postcode, _name, pk, recipient) in enumerate(entries, start=1)
    )
    if enqueue:
        transaction.on_commit(lambda: enqueue_render(batch.pk))
    return batch


def enqueue_render(batch_id: int) -> None:
    """Hand the batch to the print queue. If the broker is down the batch waits and the sweep retries."""
    from .services import publish_connection
    from .tasks import print_batch

    try:
        with publish_connection() as connection:
            print_batch.apply_async((batch_id,), retry=False, connection=connection)
    except Exception:
        log.exception("Could not enqueue print batch %s; the sweep will start it", batch_id)


def print_batch_render(*, batch_id: int) -> bool:
    """Render the batch's fixed letters into one PDF and store it. Safe to run again after a crash or a
    failure; returns True if this run stored the PDF."""
    claimed = PrintBatch.objects.filter(
        pk=batch_id,
        state__in=[PrintBatch.State.PENDING, PrintBatch.State.RENDERING, PrintBatch.State.FAILED],
    ).update(
        state=PrintBatch.State.RENDERING,
        progress=0,
        attempts=F("attempts") + 1,
        last_error="",
        updated_at=timezone.now(),
    )
    if not claimed:
        return False  # stored already, or posted
    batch = PrintBatch.objects.get(pk=batch_id)
    items = list(
        batch.items.select_related(
            "message__recipient_party", "message__ticket__unit__building", "message__ticket__item"
        ).order_by("position")
    )
    try:
        specs = [cover_sheet(batch, items)] if batch.with_cover else []
        specs += [spec_for(item.message) for item in items]
        pdf = render_letters(specs, progress=_progress_saver(batch))
    except Exception as exc:
        PrintBatch.objects.filter(pk=batch_id, state=PrintBatch.State.RENDERING).update(
            state=PrintBatch.State.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        log.exception("Print batch %s failed", batch_id)
        return False
    return _store(batch_id=batch_id, pdf=pdf)


def _progress_saver(batch: PrintBatch):
    offset = 1 if batch.with_cover else 0

    def save(done: int, total: int) -> None:
        PrintBatch.objects.filter(pk=batch.pk, state=PrintBatch.State.RENDERING).update(
            progress=max(0, min(done - offset, batch.letter_count)), updated_at=timezone.now()
        )

    return save


@transaction.atomic
def _store(*, batch_id: int, pdf: bytes) -> bool:
    batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
    if batch.state != PrintBatch.State.RENDERING:
        return False  # a second run stored it first; its letters are marked already
    now = timezone.now()
    batch.file.save(f"druckstapel-{batch.pk}.pdf", ContentFile(pdf), save=False)
    batch.state, batch.finished_at = PrintBatch.State.DONE, now
    batch.progress, batch.page_count = batch.letter_count, len(PdfReader(io.BytesIO(pdf)).pages)
    batch.save(update_fields=["file", "state", "finished_at", "progress", "page_count", "updated_at"])
    items = list(batch.items.select_related("message").order_by("position"))
    batch.items.update(printed=True)
    OutboxMessage.objects.filter(
        pk__in=[item.message_id for item in items], state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.SENT, sent_at=now, attempts=F("attempts") + 1, last_error="")
    actor = Actor.for_user(batch.created_by) if batch.created_by else Actor.system()
    text = _("Brief gedruckt in Stapel %(number)s") % {"number": batch.pk}
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=item.message.ticket_id,
            kind=TicketEvent.Kind.LETTER,
            data={"text": text, "batch": batch.pk, "letter": item.message.kind, "outbox": item.message_id},
            **actor.event_fields(),
        )
        for item in items
        if item.message.ticket_id
    )
    return True


def cover_sheet(batch: PrintBatch, items: list[PrintBatchItem]) -> LetterSpec:
    """The first page(s) for the post room: what is in the stack, in the order it lies."""
    rows = [
        {
            "position": item.position,
            "reference": item.message.ticket.reference if item.message.ticket_id else "",
            "recipient": item.recipient_name,
            "postcode": item.postcode,
            "kind": kind_label(item.message),
        }
        for item in items
    ]
    return LetterSpec(
        template="letters/print_cover.html",
        recipient=(),
        context={
            "batch": {"number": batch.pk, "created_at": timezone.localtime(batch.created_at)},
            "rows": rows,
        },
    )


def print_batch_mark_posted(*, batch: PrintBatch, user) -> bool:
    """The post room took the stack: staff say so once."""
    return bool(
        PrintBatch.objects.filter(pk=batch.pk, state=PrintBatch.State.DONE).update(
            state=PrintBatch.State.POSTED, posted_at=timezone.now(), posted_by=user
        )
    )


@transaction.atomic
def print_batch_retry(*, batch: PrintBatch) -> bool:
    """Staff print a failed batch again, with the same letters in the same order."""
    retried = PrintBatch.objects.filter(pk=batch.pk, state=PrintBatch.State.FAILED).update(
        state=PrintBatch.State.PENDING, updated_at=timezone.now()
    )
    if retried:
        transaction.on_commit(lambda: enqueue_render(batch.pk))
    return bool(retried)


def print_batches_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Batches that should be rendering but have not moved: their task was lost or their worker died."""
    now = now or timezone.now()
    return list(
        PrintBatch.objects.filter(
            state__in=[PrintBatch.State.PENDING, PrintBatch.State.RENDERING], updated_at__lt=now - STALE_AFTER
        ).values_list("pk", flat=True)
    )
