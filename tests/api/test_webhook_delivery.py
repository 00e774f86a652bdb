"""Webhooks reach a real receiver on 127.0.0.1 that is down, then slow, then up: one request per attempt
until it answers 2xx, each signed, all with the same Webhook-Id; a worker killed mid-delivery loses
nothing, and a change that rolls back sends nothing."""

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from api import deliveries
from api.deliveries import webhook_deliver, webhook_replay, webhook_sweep
from api.models import EventKind, Scope, WebhookDelivery, WebhookSubscription
from tests.api.conftest import make_integration
from tests.factories import ContractorFactory, TicketFactory
from tickets.actors import Actor
from tickets.workflow import release

LATER = dt.timedelta(days=1)  # "now" for an attempt far enough ahead that every backoff is due


class Receiver:
    """A webhook receiver: answers `mode` ("slow" sleeps past our timeout, "up" says 204) and keeps what it
    got, checking each signature as a client of ours would."""

    def __init__(self, secret: str = ""):
        self.secret = secret
        self.mode = "up"
        self.received: list[dict] = []
        with socket.socket() as probe:  # a free port, nobody listening on it yet: "down"
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/mieterportal"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                timestamp = self.headers["Webhook-Timestamp"]
                expected = hmac.new(
                    receiver.secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256
                ).hexdigest()
                receiver.received.append(
                    {
                        "id": self.headers["Webhook-Id"],
                        "valid": hmac.compare_digest(self.headers["Webhook-Signature"], f"v1={expected}"),
                        "fresh": abs(time.time() - int(timestamp)) < 300,
                        "body": json.loads(body),
                    }
                )
                if receiver.mode == "slow":
                    time.sleep(1.0)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.stop()


@pytest.fixture(autouse=True)
def _short_timeout(monkeypatch):
    monkeypatch.setattr(deliveries, "TIMEOUT", 0.3)


def _subscribe(url: str, kind=EventKind.STATUS_CHANGED, *, contractor=None) -> WebhookSubscription:
    integration, _token = make_integration(Scope.TICKETS_READ, contractor=contractor)
    return WebhookSubscription.objects.create(integration=integration, kind=kind, url=url)


def test_down_then_slow_then_up_is_tried_once_per_attempt_until_2xx(receiver):
    subscription = _subscribe(receiver.url)
    receiver.secret = subscription.secret
    ticket = TicketFactory()
    release(ticket, actor=Actor.system(), contractor=ContractorFactory())
    delivery = WebhookDelivery.objects.get(subscription=subscription)

    assert webhook_deliver(delivery_id=delivery.pk) is False  # down: refused
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > timezone.now()
    assert webhook_deliver(delivery_id=delivery.pk) is False  # not due yet: no request at all

    receiver.mode = "slow"
    receiver.start()
    assert webhook_deliver(delivery_id=delivery.pk, now=timezone.now() + LATER) is False
    receiver.mode = "up"
    assert webhook_deliver(delivery_id=delivery.pk, now=timezone.now() + 2 * LATER) is True
    assert webhook_deliver(delivery_id=delivery.pk, now=timezone.now() + 3 * LATER) is False

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 3)
    attempts = list(delivery.attempt_log.values_list("status_code", flat=True))
    assert attempts == [None, None, 204]
    assert "ConnectionRefused" in delivery.attempt_log.first().error
    assert [r["id"] for r in receiver.received] == [str(delivery.pk)] * 2  # slow and up: one each
    assert all(r["valid"] and r["fresh"] for r in receiver.received)
    body = receiver.received[-1]["body"]
    assert body["type"] == "ticket.status_changed"
    assert body["ticket"]["reference"] == ticket.reference
    assert body["ticket"]["status_vera"]["code"] == "INB"
    assert body["event"]["status_vera"]["code"] == "INB"


def test_backoff_grows_and_gives_up_after_three_days(receiver):
    subscription = _subscribe(receiver.url)
    release(TicketFactory(), actor=Actor.system(), contractor=ContractorFactory())
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert [deliveries.retry_delay(n).total_seconds() for n in (1, 2, 3, 20)] == [30, 60, 120, 6 * 3600]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(give_up_at=timezone.now())
    assert webhook_deliver(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.state == "failed"

    receiver.start()
    assert webhook_replay(delivery_ids=[delivery.pk]) == 1
    assert webhook_deliver(delivery_id=delivery.pk) is True
    assert [r["id"] for r in receiver.received] == [str(delivery.pk)]


def test_a_worker_killed_mid_delivery_loses_nothing(receiver):
    subscription = _subscribe(receiver.url)
    release(TicketFactory(), actor=Actor.system(), contractor=ContractorFactory())
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    # What a worker leaves when it dies between claiming and answering: a row in `sending`.
    claimed = timezone.now() - deliveries.SENDING_TIMEOUT - dt.timedelta(seconds=1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="sending", claimed_at=claimed, attempts=1)
    assert webhook_deliver(delivery_id=delivery.pk) is False  # nobody else takes it meanwhile

    assert webhook_sweep() == [delivery.pk]
    receiver.start()
    assert webhook_deliver(delivery_id=delivery.pk) is True
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert delivery.attempt_log.first().error == "worker stopped during the delivery"


def test_a_change_rolled_back_leaves_no_delivery(receiver):
    _subscribe(receiver.url)
    ticket = TicketFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        release(ticket, actor=Actor.system(), contractor=ContractorFactory())
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("the request failed after the change")
    assert WebhookDelivery.objects.count() == 0


def test_delivery_is_queued_after_commit(receiver, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(deliveries, "enqueue", lambda *ids: queued.extend(ids))
    _subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release(TicketFactory(), actor=Actor.system(), contractor=ContractorFactory())
    assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [WebhookDelivery.objects.get().pk]


def test_a_contractor_system_hears_only_of_its_own_jobs(receiver):
    ours, theirs = ContractorFactory(), ContractorFactory()
    mine = _subscribe(receiver.url, contractor=ours)
    everything = _subscribe(receiver.url)
    own_job, other_job = TicketFactory(), TicketFactory()
    release(own_job, actor=Actor.system(), contractor=ours)
    release(other_job, actor=Actor.system(), contractor=theirs)
    assert list(
        WebhookDelivery.objects.filter(subscription=mine).values_list("ticket_reference", flat=True)
    ) == [own_job.reference]
    assert WebhookDelivery.objects.filter(subscription=everything).count() == 2
    body = json.loads(WebhookDelivery.objects.get(subscription=mine).body)
    assert body["ticket"]["reporter"] is None  # a contractor's system never sees who reported


def test_a_subscription_hears_only_its_kind_and_only_while_active(receiver):
    created = _subscribe(receiver.url, EventKind.TICKET_CREATED)
    switched_off = _subscribe(receiver.url)
    switched_off.active = False
    switched_off.save()
    release(TicketFactory(), actor=Actor.system(), contractor=ContractorFactory())
    assert not WebhookDelivery.objects.filter(subscription__in=[created, switched_off]).exists()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://erp.example.com/hooks", True),
        ("http://127.0.0.1:8080/hooks", True),
        ("http://localhost/hooks", True),
        ("http://erp.example.com/hooks", False),
        ("ftp://erp.example.com/hooks", False),
    ],
)
def test_https_is_required_but_for_loopback(url, allowed, settings):
    settings.DEBUG = False
    assert (deliveries.url_problem(url) is None) is allowed
