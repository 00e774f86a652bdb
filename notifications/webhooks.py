"""What the mail provider tells us through anymail's webhooks: bounces and complaints mark the address
(that party gets letters from now on), replies to our mail join their ticket."""

import hashlib
import json
import logging

from anymail.signals import inbound, tracking
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from estate.models import Party

from .models import DeliveryEvent

log = logging.getLogger(__name__)

UNDELIVERABLE = {"bounced", "complained", "rejected"}


def _event_id(event) -> str:
    if event.event_id:
        return str(event.event_id)
    # Some providers send no id: the same payload twice is the same event.
    raw = json.dumps(event.esp_event, sort_keys=True, default=str) if event.esp_event is not None else ""
    return (
        "sha256:"
        + hashlib.sha256(f"{event.event_type}{event.recipient}{event.timestamp}{raw}".encode()).hexdigest()
    )


def party_mark_bounced(*, address: str, event_type: str, at=None) -> int:
    """The one bounce rule: parties with this address get letters from now on (webhook or bounce mail)."""
    marked = Party.objects.filter(email__iexact=address, email_bounced_at__isnull=True).update(
        email_bounced_at=at or timezone.now()
    )
    log.info("%s for %s: %s parties now get letters", event_type, address, marked)
    return marked


@receiver(tracking, dispatch_uid="notifications.tracking")
def handle_tracking(sender, event, esp_name: str, **kwargs) -> None:
    try:
        with transaction.atomic():
            DeliveryEvent.objects.create(
                event_id=f"{esp_name}:{_event_id(event)}"[:200],
                event_type=event.event_type or "",
                recipient=event.recipient or "",
            )
            if event.event_type in UNDELIVERABLE and event.recipient:
                party_mark_bounced(address=event.recipient, event_type=event.event_type, at=event.timestamp)
    except IntegrityError:
        log.info("Delivery event %s from %s already processed", event.event_id, esp_name)


@receiver(inbound, dispatch_uid="notifications.inbound")
def handle_inbound(sender, event, esp_name: str, **kwargs) -> None:
    from .inbound import inbound_receive

    # Where the provider hands over the mail as it arrived (Postmark's RawEmail), keep exactly those bytes.
    raw = event.esp_event.get("RawEmail") if isinstance(event.esp_event, dict) else None
    inbound_receive(message=event.message, raw=raw.encode("utf-8", "surrogateescape") if raw else None)


# Postmark takes mail up to 35 MB; as base64 inside JSON that is more than Django's 2.5 MB body limit,
# which would answer 400 and lose the mail. Only the inbound endpoint reads a larger body.
@csrf_exempt
def postmark_inbound(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if length > settings.INBOUND_MAX_BYTES:
        log.warning("Inbound mail of %s bytes refused (limit %s)", length, settings.INBOUND_MAX_BYTES)
        return HttpResponse(status=413)
    if request.method == "POST" and not hasattr(request, "_body"):
        request._body = request._stream.read(length) if length else b""  # noqa: SLF001
    return PostmarkInboundWebhookView.as_view()(request, *args, **kwargs)
