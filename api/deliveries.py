"""Sending webhooks: each delivery is claimed by one UPDATE, signed with its subscription's secret at send
time, POSTed, and marked delivered on a 2xx; anything else is tried again with exponential backoff until
three days have passed. Every try is logged with its status, error and duration.

Why our own table and not a "webhook" channel in notifications' outbox: the body, the target and the
secret belong to an integration, which lives in this app; notifications sits below the API and may not
import it, so the outbox would have to carry a signing-key reference and a handler registered from above.
A table here keeps one app owning who is told what, and mirrors the outbox's guarantees: written in the
transaction of the change (api.webhooks), queued after commit, claimed with a timeout so a worker killed
mid-delivery leaves a `sending` row that the sweep puts back (at-least-once; the Webhook-Id stays, so the
receiver can drop the second copy).

The scheme, for receivers (README "Webhooks"): headers `Webhook-Id` (the delivery id, the same on every
retry and replay), `Webhook-Timestamp` (Unix seconds of this try) and `Webhook-Signature: v1=<hex>`, the
HMAC-SHA256 of `<timestamp>.<body>` with the subscription's secret as key.
"""

import datetime as dt
import hashlib
import hmac
import http.client
import ipaddress
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import WebhookAttempt, WebhookDelivery

log = logging.getLogger(__name__)

TIMEOUT = 10.0  # seconds for connect and answer: a receiver should queue the work and answer at once
RETRY_BASE = dt.timedelta(seconds=30)
RETRY_CAP = dt.timedelta(hours=6)
KEEP_TRYING = dt.timedelta(days=3)
# Far longer than TIMEOUT plus the task's start: a row older than this in `sending` was abandoned.
SENDING_TIMEOUT = dt.timedelta(minutes=5)
SWEEP_BATCH = 500
USER_AGENT = "Mieterportal-Webhooks/1"


def url_problem(url: str) -> str | None:
    """Why we would not send to this URL, or None: https, except for a loopback host or under DEBUG."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return _("Bitte eine vollständige http(s)-Adresse angeben.")
    if parts.scheme == "https" or settings.DEBUG or is_loopback(parts.hostname):
        return None
    return _("Webhooks werden nur über https gesendet.")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sign(secret: str, timestamp: int, body: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"v1={digest}"


def headers_for(delivery: WebhookDelivery, secret: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": str(delivery.pk),
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": sign(secret, timestamp, delivery.body),
    }


def webhook_deliver(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Try one delivery if it is due. Returns True if the receiver took it with a 2xx."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
    ).update(state=WebhookDelivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False  # delivered, given up, not due, or another worker has it
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    status, error, started = None, "", time.monotonic()
    problem = url_problem(delivery.subscription.url)
    if problem:
        error = problem
    else:
        try:
            status = post(
                delivery.subscription.url,
                delivery.body,
                headers_for(delivery, delivery.subscription.secret, int(time.time())),
            )
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timed out, reset, garbage
            error = f"{type(exc).__name__}: {exc}"
    duration_ms = int((time.monotonic() - started) * 1000)
    WebhookAttempt.objects.create(
        delivery=delivery, status_code=status, error=error[:2000], duration_ms=duration_ms
    )
    if not error:
        WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.SENDING).update(
            state=WebhookDelivery.State.DELIVERED, delivered_at=timezone.now(), last_error=""
        )
        return True
    _record_failure(delivery, error)
    return False


def post(url: str, body: str, headers: dict[str, str]) -> int:
    """One POST, no redirects followed (a receiver that moved must be updated in the admin). The
    answer's body is read a little and dropped: only the status counts."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling up to 6 h between tries."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def _record_failure(delivery: WebhookDelivery, error: str) -> None:
    next_at = timezone.now() + retry_delay(delivery.attempts)
    if next_at > delivery.give_up_at:
        state, next_at = WebhookDelivery.State.FAILED, delivery.next_attempt_at
        log.error("Webhook delivery %s given up after %s attempts: %s", delivery.pk, delivery.attempts, error)
    else:
        state = WebhookDelivery.State.PENDING
        log.warning(
            "Webhook delivery %s attempt %s failed (%s), again at %s",
            delivery.pk,
            delivery.attempts,
            error,
            next_at,
        )
    WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.SENDING).update(
        state=state, next_attempt_at=next_at, last_error=error[:2000]
    )


def webhook_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Put deliveries abandoned by a dead worker back (their try is logged as such), and return the ids
    of deliveries that are due now."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(state=WebhookDelivery.State.SENDING, claimed_at__lt=now - SENDING_TIMEOUT)
            .values_list("pk", flat=True)
        )
        if stuck:
            WebhookAttempt.objects.bulk_create(
                WebhookAttempt(delivery_id=pk, at=now, error="worker stopped during the delivery")
                for pk in stuck
            )
            WebhookDelivery.objects.filter(pk__in=stuck).update(
                state=WebhookDelivery.State.PENDING, next_attempt_at=now
            )
    return list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def webhook_replay(*, delivery_ids: list[int]) -> int:
    """Staff send deliveries again (admin action), delivered or given up: due now, with three more days
    to try, and the same Webhook-Id (it is the same event; a receiver that has it may drop it)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            WebhookDelivery.objects.filter(pk__in=delivery_ids)
            .exclude(state=WebhookDelivery.State.SENDING)
            .values_list("pk", flat=True)
        )
        WebhookDelivery.objects.filter(pk__in=ids).update(
            state=WebhookDelivery.State.PENDING, next_attempt_at=now, give_up_at=now + KEEP_TRYING
        )
        transaction.on_commit(lambda: enqueue(*ids))
    return len(ids)


def enqueue(*delivery_ids: int) -> None:
    """Hand deliveries to the workers, over one broker connection. With the broker down the rows stay
    pending and the sweep sends them: the change that caused them is committed and must not fail now."""
    from .tasks import deliver

    try:
        with deliver.app.connection_for_write(transport_options={"max_retries": 0}) as connection:
            for delivery_id in delivery_ids:
                deliver.apply_async((delivery_id,), retry=False, connection=connection)
    except Exception:
        log.exception("Could not queue webhook deliveries %s; the sweep will send them", delivery_ids)
