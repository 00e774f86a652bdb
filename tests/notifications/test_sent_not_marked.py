"""A mail the server took but we could not mark sent (the database went away between the two): the sweep
sends it once more, under the same Message-ID and provider key, and nothing is lost. The window in which
that can happen is measured here against a real SMTP server."""

import datetime as dt
import logging
import socket
import statistics
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone

from notifications import services
from notifications.emails import Rendered
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _row(key: str = "test:sent-not-marked") -> OutboxMessage:
    rendered = Rendered(subject="Ihre Meldung", text="Wir haben Ihre Meldung erhalten.", html="")
    return services.outbox_enqueue(idempotency_key=key, rendered=rendered, recipient_address="m@example.org")


def _database_dies_after_the_send(execute, sql, params, many, context):
    if mail.outbox:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def _sweep_later(minutes: int) -> list[int]:
    later = timezone.now() + services.SENDING_TIMEOUT + dt.timedelta(minutes=minutes)
    return services.outbox_sweep(now=later)


# Autocommit, as in a worker: inside a test's transaction the dead UPDATE would poison the rest.
@pytest.mark.django_db(transaction=True)
def test_sent_but_not_marked_goes_out_once_more_under_the_same_message_id(settings):
    settings.MAIL_IDEMPOTENCY_HEADER = "Resend-Idempotency-Key"
    row = _row()
    with connection.execute_wrapper(_database_dies_after_the_send), pytest.raises(OperationalError):
        services.outbox_deliver(message_id=row.pk)
    row.refresh_from_db()
    assert len(mail.outbox) == 1 and row.state == OutboxMessage.State.SENDING

    # Nothing happens until the claim is old enough to belong to a dead worker; then it is sent again.
    assert services.outbox_sweep() == []
    assert _sweep_later(1) == [row.pk]
    assert services.outbox_deliver(message_id=row.pk, now=timezone.now() + dt.timedelta(hours=1))
    assert services.outbox_deliver(message_id=row.pk, now=timezone.now() + dt.timedelta(hours=1)) is False

    row.refresh_from_db()
    assert row.state == OutboxMessage.State.SENT
    first, second = (m.message() for m in mail.outbox)
    assert len(mail.outbox) == 2  # at most one duplicate, and no loss
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Resend-Idempotency-Key"] == second["Resend-Idempotency-Key"]


def test_every_row_has_its_own_message_id_and_no_provider_key_unless_configured():
    services.outbox_deliver(message_id=_row("test:a").pk)
    services.outbox_deliver(message_id=_row("test:b").pk)
    ids = {m.message()["Message-ID"] for m in mail.outbox}
    assert len(ids) == 2 and all(i.startswith("<outbox-") for i in ids)
    assert all("Resend-Idempotency-Key" not in m.message() for m in mail.outbox)


class _Clock:
    """The SMTP server's side: when it answered 250 to each message's DATA."""

    def __init__(self) -> None:
        self.accepted: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.accepted[message_from_bytes(envelope.content)["Message-ID"]] = time.monotonic()
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_window_between_the_servers_ok_and_our_mark_is_milliseconds(settings):
    """Autocommit, as in a worker: the mark's UPDATE has committed when it returns."""
    clock, port = _Clock(), _free_port()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    controller = Controller(clock, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    marked: dict[int, float] = {}

    def note_the_mark(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("UPDATE") and "outboxmessage" in sql and "sent" in (params or ()):
            marked[int(params[-2])] = time.monotonic()
        return result

    try:
        rows = [_row(f"test:window:{n}") for n in range(40)]
        with connection.execute_wrapper(note_the_mark):
            for row in rows:
                assert services.outbox_deliver(message_id=row.pk)
    finally:
        services._drop_connection()
        controller.stop()
    message_ids = {row.pk: services.build_email(row).extra_headers["Message-ID"] for row in rows}
    windows = [marked[pk] - clock.accepted[message_ids[pk]] for pk in marked]
    assert len(windows) == len(rows)
    median, worst = statistics.median(windows), max(windows)
    print(f"\nsent-but-not-marked window: median {median * 1000:.1f} ms, max {worst * 1000:.1f} ms")
    # Milliseconds on a quiet machine; the bound leaves room for a busy, shared one.
    assert median < 0.05 and worst < 0.5
