"""What the mail provider tells us through anymail's webhooks: bounces and complaints mark the address
(that party gets letters from now on), replies to our mail join their ticket."""

import hashlib
import json
import logging

from anymail.signals import inbound, tracking
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

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
                marked = Party.objects.filter(
                    email__iexact=event.recipient, email_bounced_at__isnull=True
                ).update(email_bounced_at=event.timestamp or timezone.now())
                log.info("%s for %s: %s parties now get letters", event.event_type, event.recipient, marked)
    except IntegrityError:
        log.info("Delivery event %s from %s already processed", event.event_id, esp_name)


@receiver(inbound, dispatch_uid="notifications.inbound")
def handle_inbound(sender, event, esp_name: str, **kwargs) -> None:
    from .inbound import inbound_receive

    inbound_receive(message=event.message)
