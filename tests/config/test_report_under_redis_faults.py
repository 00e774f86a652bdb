"""Reports sent while Redis is stopped or hangs (a real redis-server, SIGKILLed or SIGSTOPped): the page
answers within seconds, a report sent again with the same key is stored once, and once Redis is back the
outbox sweep sends every e-mail exactly once."""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.core import mail
from django.urls import reverse

from config.celery import app as celery_app
from notifications import services
from notifications.models import OutboxMessage
from tests.factories import CatalogItemFactory, ResponsibilityFactory
from tickets.models import Ticket
from tickets.report_keys import ReportKey

pytestmark = pytest.mark.django_db

# "Within a few seconds": each Redis call gives up after REDIS_TIMEOUT (1 s), and a report makes a few.
ANSWER_SECONDS = 5
REPORTS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, on a free port, that can be stopped, frozen and brought back."""

    def __init__(self, directory) -> None:
        self.binary = shutil.which("redis-server")
        assert self.binary, "redis-server must be installed: this test stops a real one"
        self.port, self.directory, self.process = _free_port(), directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                self.directory,
            ],
            stdout=subprocess.DEVNULL,
        )
        client, deadline = redis.Redis.from_url(self.url, socket_timeout=1), time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def fault(self, kind: str) -> None:
        if kind == "frozen":
            os.kill(self.process.pid, signal.SIGSTOP)  # accepts connections, answers nothing
        else:
            self.process.kill()
            self.process.wait()

    def recover(self, kind: str) -> None:
        if kind == "frozen":
            os.kill(self.process.pid, signal.SIGCONT)
        else:
            self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait()


@pytest.fixture
def private_redis(settings, monkeypatch, tmp_path) -> Iterator[PrivateRedis]:
    """The app's cache (rate limits) and broker pointed at a private Redis."""
    server = PrivateRedis(str(tmp_path))
    server.start()
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache"), "needs REDIS_URL: the Redis cache"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    # setitem restores the raw keys afterwards (see test_healthz.py).
    monkeypatch.setitem(celery_app.conf, "broker_write_url", server.url)
    monkeypatch.setitem(celery_app.conf, "broker_url", server.url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def details_url(unit, case_worker) -> str:
    item = CatalogItemFactory(name_de="WC-Spülung defekt", group__name_de="Sanitär")
    ResponsibilityFactory(item=item, user=case_worker)  # a second e-mail: the case worker's notice
    return reverse("portal:report_details") + f"?place=u{unit.pk}&item={item.pk}"


def _send(client, url, key, capture) -> tuple[float, object]:
    started = time.monotonic()
    # The request's after-commit work (handing the e-mails to the broker) runs as it would in production.
    with capture(execute=True):
        response = client.post(
            url, {"report_key": str(key), "description": "Die Spülung läuft.", "visibility": "private"}
        )
    return time.monotonic() - started, response


@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_reports_during_a_redis_fault_are_stored_once_and_mailed_once(
    fault, private_redis, client, tenant, details_url, django_capture_on_commit_callbacks
):
    client.force_login(tenant.user)
    private_redis.fault(fault)
    slowest = 0.0
    for _ in range(REPORTS):
        key = uuid.uuid4()
        first_took, first = _send(client, details_url, key, django_capture_on_commit_callbacks)
        # The answer was lost on the way; the phone sends the same form again.
        again_took, again = _send(client, details_url, key, django_capture_on_commit_callbacks)
        assert first.status_code == again.status_code == 302
        assert first["Location"] == again["Location"]
        slowest = max(slowest, first_took, again_took)
    print(f"\nslowest report with Redis {fault}: {slowest:.2f} s")
    assert slowest < ANSWER_SECONDS
    assert Ticket.objects.count() == ReportKey.objects.count() == REPORTS

    private_redis.recover(fault)
    rows = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL)
    assert rows.count() == 2 * REPORTS and not rows.exclude(state=OutboxMessage.State.PENDING).exists()
    for _ in range(2):  # a second sweep finds nothing left to send
        for pk in services.outbox_sweep():
            services.outbox_deliver(message_id=pk)
    assert not rows.exclude(state=OutboxMessage.State.SENT).exists()
    message_ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(message_ids) == len(set(message_ids)) == 2 * REPORTS
