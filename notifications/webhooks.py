"""What the mail provider tells us through anymail's webhooks: bounces and complaints mark the address
(that party gets letters from now on); incoming mail is stored as it arrived and then read."""

import hashlib
import json
import logging

from anymail.signals import inbound, tracking
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
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
    """Inbound mail from a provider other than Postmark (Postmark's comes through `InboundWebhookView`)."""
    from .inbound import inbound_receive

    inbound_receive(message=event.message)


class InboundWebhookView(PostmarkInboundWebhookView):
    """Postmark's inbound webhook, with the mail stored before anything parses it: anymail's own parsing
    runs first and would lose a mail it chokes on. The provider's authentication check is kept."""

    def post(self, request, *args, **kwargs):
        from .inbound import inbound_receive_raw

        self.run_validators(request)
        try:
            payload = json.loads(request.body)
        except ValueError:
            return HttpResponseBadRequest()
        if not isinstance(payload, dict):
            return HttpResponseBadRequest()
        inbound_receive_raw(raw=self.raw_mail(payload), trace=_trace(payload))
        return HttpResponse()

    def raw_mail(self, payload: dict) -> bytes:
        raw = payload.get("RawEmail")
        if isinstance(raw, str) and raw:
            # Exactly the bytes as they arrived (Postmark hands them over as a JSON string).
            return raw.encode("utf-8", "surrogateescape")
        from .inbound import message_bytes

        try:
            return message_bytes(self.esp_to_anymail_event(payload).message)
        except Exception:  # a payload anymail cannot build a mail from is still kept, as it came
            log.warning("Inbound payload without a usable mail; kept as it came", exc_info=True)
            return json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace")


def _trace(payload: dict) -> list[tuple[str, str]]:
    """Postmark lists the headers, its own SPF verdict (Received-SPF) among them, beside the mail."""
    headers = payload.get("Headers")
    if not isinstance(headers, list):
        return []
    names = {"received-spf", "authentication-results"}
    return [
        (str(h.get("Name", "")), str(h.get("Value", "")))
        for h in headers
        if isinstance(h, dict) and str(h.get("Name", "")).lower() in names
    ]


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
    return InboundWebhookView.as_view()(request, *args, **kwargs)
