"""The outbox: writing a message in the caller's transaction, delivering it once, and sweeping up.

Delivery is exactly-once as far as our side can make it: a row is claimed by one UPDATE (pending ->
sending), sent, and marked sent right after the SMTP server accepted it. The remaining window is a worker
that dies, or loses its database, between the server's "250 OK" to DATA and our UPDATE's commit: measured
against a local SMTP server, 6 ms in the median and 13 ms at worst (tests/notifications/
test_sent_not_marked.py). The sweep puts that `sending` row back to pending after SENDING_TIMEOUT and it
is sent a second time: at most one duplicate, never a loss. Every attempt of a row carries the same
Message-ID (emails.delivery_headers), so most mail clients show it once, and where the provider honours
an idempotency header (MAIL_IDEMPOTENCY_HEADER) the provider drops the second copy itself.
"""

import datetime as dt
import logging
import mimetypes
import smtplib
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import PurePath

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import emails
from .emails import Rendered
from .models import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_BASE = dt.timedelta(minutes=1)
# Longer than the SMTP timeout plus the task's time limit: a row older than this in `sending` was
# abandoned by a dead worker.
SENDING_TIMEOUT = dt.timedelta(minutes=15)
SWEEP_BATCH = 500
# E-mails per delivery task when many are due at once: big enough that the task start is negligible,
# small enough that the two workers share the load evenly.
DELIVERY_BATCH = 50


# While set, new outbox rows are left to the sweep instead of being handed to a worker one by one.
_left_to_sweep: ContextVar[bool] = ContextVar("outbox_left_to_sweep", default=False)


@contextmanager
def delivery_left_to_sweep():
    """For bulk writers (demo data, imports): thousands of rows would otherwise mean thousands of broker
    round trips; the sweep hands pending rows to the workers in batches instead."""
    token = _left_to_sweep.set(True)
    try:
        yield
    finally:
        _left_to_sweep.reset(token)


def outbox_enqueue(
    *,
    idempotency_key: str,
    rendered: Rendered,
    recipient_address: str,
    channel: str = OutboxMessage.Channel.EMAIL,
    recipient_party=None,
    language: str = "de",
    headers: dict | None = None,
    ticket=None,
    kind: str = "",
    hold_for_digest: bool = False,
    letter: dict | None = None,
    message=None,
) -> OutboxMessage:
    """Write one outgoing message in the caller's transaction; deliver it after commit. A second call with
    the same key returns the first row and sends nothing more."""
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    state = OutboxMessage.State.HELD if hold_for_digest else OutboxMessage.State.PENDING
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                idempotency_key=idempotency_key,
                channel=channel,
                kind=kind,
                recipient_address=recipient_address,
                recipient_party=recipient_party,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                headers=headers or {},
                ticket=ticket,
                state=state,
                next_attempt_at=timezone.now(),
                letter=letter or {},
                ticket_message=message,
            )
    except IntegrityError:
        # Someone wrote the same key between our look and our insert.
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    if (
        channel == OutboxMessage.Channel.EMAIL
        and state == OutboxMessage.State.PENDING
        and not _left_to_sweep.get()
    ):
        transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def letter_enqueue(
    *, idempotency_key: str, kind: str, party, subject: str, ticket, letter: dict
) -> OutboxMessage:
    """A letter by post to `party` in their language: an outbox row on the letter channel that the print
    batches pick up (`letter` says how to render it); the subject stands in for the text."""
    return outbox_enqueue(
        idempotency_key=idempotency_key,
        kind=kind,
        channel=OutboxMessage.Channel.LETTER,
        rendered=Rendered(subject=subject, text=subject + "\n", html=""),
        recipient_address="",
        recipient_party=party,
        language=party.language,
        ticket=ticket,
        letter=letter,
    )


def enqueue_delivery(message_id: int, *, connection=None) -> None:
    """Hand the message to a worker. If the broker is down the row stays pending and the sweep sends it:
    the change that caused the message is already committed and must not fail now."""
    from .tasks import deliver

    try:
        if connection is not None:
            deliver.apply_async((message_id,), retry=False, connection=connection)
            return
        with publish_connection() as conn:
            deliver.apply_async((message_id,), retry=False, connection=conn)
    except Exception:
        log.exception("Could not enqueue delivery of outbox message %s; the sweep will send it", message_id)


def enqueue_delivery_batches(message_ids: list[int], *, size: int = DELIVERY_BATCH) -> None:
    """Hand many messages to the workers in tasks of `size`: one broker round trip and one task start
    for each batch instead of each message, which is most of the cost of a message on a local mail
    server. Like `enqueue_delivery`, a broker outage leaves the rows pending for the sweep."""
    from .tasks import deliver_batch

    try:
        with publish_connection() as connection:
            for start in range(0, len(message_ids), size):
                chunk = list(message_ids[start : start + size])
                deliver_batch.apply_async((chunk,), retry=False, connection=connection)
    except Exception:
        log.exception("Could not enqueue %s outbox messages; the sweep will send them", len(message_ids))


def publish_connection():
    """A broker connection that gives up at once: a request must not hang while the broker is away
    (kombu would otherwise retry the connect for seconds before apply_async returns)."""
    from .tasks import deliver

    return deliver.app.connection_for_write(transport_options={"max_retries": 0})


def outbox_deliver(*, message_id: int, now: dt.datetime | None = None) -> bool:
    """Send one e-mail if it is still due. Returns True if this call sent it."""
    now = now or timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id,
        channel=OutboxMessage.Channel.EMAIL,
        state=OutboxMessage.State.PENDING,
        next_attempt_at__lte=now,
    ).update(state=OutboxMessage.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False  # sent, failed, not due yet, or another worker has it
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(build_email(message))
    except Exception as exc:
        _record_failure(message, exc)
        return False
    # Straight after the server accepted it: this UPDATE is what makes a second send impossible.
    OutboxMessage.objects.filter(pk=message_id, state=OutboxMessage.State.SENDING).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_address],
        # Added when sent, not stored: the token follows from the ticket and the recipient.
        headers={
            **emails.reply_headers(ticket_id=message.ticket_id, recipient=message.recipient_address),
            **emails.delivery_headers(message.idempotency_key),
            **message.headers,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in _files_of(message):
        with attachment.file.open("rb") as source:
            email.attach(attachment.original_name, source.read(), attachment.content_type)
    if message.written_by_id:
        # A mail written in the mailbox carries the standard files no ticket message holds.
        for standard in message.standard_attachments.all():
            name = PurePath(standard.file.name).name
            with standard.file.open("rb") as source:
                email.attach(name, source.read(), mimetypes.guess_type(name)[0] or "application/octet-stream")
    return email


def _files_of(message: OutboxMessage):
    """The public files of the ticket message this e-mail carries (standard attachments of a reply)."""
    if message.ticket_message_id is None:
        return []
    from tickets.models import Attachment

    return Attachment.objects.filter(message_id=message.ticket_message_id, is_public=True).order_by("id")


_thread = threading.local()


def _send(email: EmailMultiAlternatives) -> None:
    """Send over one connection kept open per worker thread: the SMTP handshake costs more than the
    message. A connection the server closed while idle is replaced once; it had not taken the message."""
    config = mail.mailers.settings.get("default")
    connection = getattr(_thread, "connection", None)
    if connection is None or getattr(_thread, "config", None) != config:
        connection = mail.mailers.default
        connection.open()
        _thread.connection, _thread.config = connection, config
    try:
        connection.send_messages([email])
    except smtplib.SMTPServerDisconnected:
        _drop_connection()
        connection = mail.mailers.default
        connection.open()
        _thread.connection, _thread.config = connection, config
        connection.send_messages([email])
    except Exception:
        _drop_connection()
        raise


def _drop_connection() -> None:
    connection, _thread.connection = getattr(_thread, "connection", None), None
    if connection is not None:
        try:
            connection.close()
        except Exception:
            log.warning("Closing a broken mail connection failed", exc_info=True)


def _record_failure(message: OutboxMessage, exc: Exception) -> None:
    attempts = message.attempts
    if attempts >= MAX_ATTEMPTS:
        state, next_at = OutboxMessage.State.FAILED, None
        log.error("Outbox message %s failed for good after %s attempts: %s", message.pk, attempts, exc)
    else:
        state, next_at = OutboxMessage.State.PENDING, timezone.now() + RETRY_BASE * 2 ** (attempts - 1)
        log.warning(
            "Outbox message %s attempt %s failed, retrying at %s: %s", message.pk, attempts, next_at, exc
        )
    OutboxMessage.objects.filter(pk=message.pk, state=OutboxMessage.State.SENDING).update(
        state=state, next_attempt_at=next_at, last_error=f"{type(exc).__name__}: {exc}"[:2000]
    )


def outbox_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Put abandoned `sending` rows back, and return the ids of e-mails that are due now."""
    now = now or timezone.now()
    OutboxMessage.objects.filter(
        state=OutboxMessage.State.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    ).update(state=OutboxMessage.State.PENDING, next_attempt_at=now)
    return list(
        OutboxMessage.objects.filter(
            state=OutboxMessage.State.PENDING, channel=OutboxMessage.Channel.EMAIL, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def outbox_retry(*, message_ids: list[int]) -> int:
    """Staff send failed messages again (admin action): a fresh set of attempts, due now."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(pk__in=message_ids, state=OutboxMessage.State.FAILED).values_list(
                "pk", flat=True
            )
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            state=OutboxMessage.State.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))
    return len(ids)
