"""The daily digest: staff who asked for it get one e-mail listing what was held for them."""

from itertools import groupby

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import emails
from .models import OutboxMessage
from .services import outbox_enqueue


def send_digests(*, now=None) -> int:
    now = now or timezone.now()
    held = (
        OutboxMessage.objects.filter(state=OutboxMessage.State.HELD)
        .order_by("recipient_address", "created_at", "id")
        .only("id", "recipient_address", "language", "subject", "created_at")
    )
    count = 0
    for address, rows in groupby(held.iterator(chunk_size=500), key=lambda m: m.recipient_address):
        rows = list(rows)
        _digest_one(address=address, rows=rows, now=now)
        count += 1
    return count


@transaction.atomic
def _digest_one(*, address: str, rows: list[OutboxMessage], now) -> None:
    language = rows[-1].language
    ids = [r.pk for r in rows]
    with translation.override(language):
        subject = _("Ihre Zusammenfassung vom %(day)s") % {
            "day": timezone.localdate(now).strftime("%d.%m.%Y")
        }
        lines = [_("%(count)s neue Hinweise seit der letzten Zusammenfassung:") % {"count": len(rows)}]
        lines += [f"– {r.subject}" for r in rows]
        context = {"lines": lines, "greeting": _("Guten Tag,"), "closing": _("Mit freundlichen Grüßen")}
        rendered = emails.render(template="digest", language=language, subject=subject, context=context)
    outbox_enqueue(
        idempotency_key=f"digest:{address.lower()}:{min(ids)}:{max(ids)}",
        kind="digest",
        rendered=rendered,
        recipient_address=address,
        language=language,
        headers={"Message-ID": emails.new_message_id()},
    )
    OutboxMessage.objects.filter(pk__in=ids, state=OutboxMessage.State.HELD).update(
        state=OutboxMessage.State.DIGESTED, sent_at=now
    )
