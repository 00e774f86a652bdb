"""A tenant who moved out in 2015, with their name, address and phone copied everywhere the product copies
them: ticket, messages, timeline, photos, outbox e-mail and letter, print batch, inbound mail, delivery
event, change request, bank account, document, sign-in link and portal login."""

import datetime as dt

from django.utils import timezone

from accounts.models import MagicLink
from notifications.models import DeliveryEvent, InboundMail, OutboxMessage, PrintBatch, PrintBatchItem
from tests.factories import (
    AttachmentFactory,
    BankAccountFactory,
    ChangeRequestFactory,
    DocumentFactory,
    MessageFactory,
    PartyFactory,
    TenancyFactory,
    TicketEventFactory,
    TicketFactory,
    resident_user,
)
from tickets.models import ChangeRequest, Message, TicketEvent
from tickets.status import Status

NAME = "Zacharias Quellbrunn"
EMAIL = "z.quellbrunn@example.net"
PHONE = "0301 7775551"
NEEDLES = ["Zacharias", "Quellbrunn", EMAIL, PHONE]
CLOSED = dt.datetime(2015, 6, 30, 12, tzinfo=dt.UTC)


def former_tenant(unit, *, closed=CLOSED):
    party = PartyFactory(
        first_name="Zacharias", last_name="Quellbrunn", email=EMAIL, phone=PHONE, street="Quellweg 1"
    )
    TenancyFactory(party=party, unit=unit, start=dt.date(2010, 1, 1), end=closed.date())
    user = resident_user(party)
    BankAccountFactory(party=party, holder=NAME)
    ticket = TicketFactory(
        reporter=party,
        property=unit.building.property,
        unit=unit,
        description=f"Wasser tropft, {NAME}, Tel. {PHONE}",
        reporter_phone=PHONE,
        availability=f"Ab 17 Uhr unter {PHONE}",
        answers={"iban": "DE89370400440532013000", "holder": NAME},
        status=Status.DONE,
        status_reason=f"Erledigt für {NAME}",
    )
    TicketEventFactory(ticket=ticket, kind=TicketEvent.Kind.CREATED, data={"channel": "portal"})
    TicketEventFactory(
        ticket=ticket,
        kind=TicketEvent.Kind.STATUS,
        data={"old": "open", "new": "released", "released_to": NAME},
    )
    TicketEventFactory(
        ticket=ticket, kind=TicketEvent.Kind.STATUS, actor=user, actor_label=NAME,
        data={"old": "released", "new": "done", "reason": f"{NAME} bestätigt"},
    )  # fmt: skip
    message = MessageFactory(
        ticket=ticket, kind=Message.Kind.TENANT, author=user, author_party=party, author_label=NAME,
        body=f"Gruß {NAME}, {EMAIL}",
    )  # fmt: skip
    TicketEventFactory(ticket=ticket, kind=TicketEvent.Kind.MESSAGE, data={"message_id": message.pk})
    MessageFactory(ticket=ticket, kind=Message.Kind.PHONE, caller=NAME, body=f"Rückruf an {PHONE}")
    photo = AttachmentFactory(ticket=ticket, uploaded_by=user, uploaded_by_label=NAME, original_name="zq.jpg")
    OutboxMessage.objects.create(
        kind="status", recipient_address=EMAIL, recipient_party=party, subject=f"Ihre Meldung, {NAME}",
        body_text=f"Guten Tag {NAME}", body_html=f"<p>{NAME}</p>", ticket=ticket,
        headers={"Message-ID": "<m1@mieterportal>", "To": f"{NAME} <{EMAIL}>"}, idempotency_key="zq-1",
    )  # fmt: skip
    letter = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.LETTER, kind="status", recipient_party=party, subject="Brief",
        body_text=f"Sehr geehrter Herr {NAME}", ticket=ticket, idempotency_key="zq-2",
        letter={"recipient": [NAME, "Quellweg 1"]},
    )  # fmt: skip
    batch = PrintBatch.objects.create(state=PrintBatch.State.DONE, letter_count=1)
    batch.file.save("batch.pdf", photo.file.file, save=True)
    PrintBatchItem.objects.create(batch=batch, message=letter, position=1, recipient=[NAME, "Quellweg 1"])
    InboundMail.objects.create(
        raw=f"From: {NAME} <{EMAIL}>\r\n\r\nTel {PHONE}".encode(), raw_hash="h", from_address=EMAIL,
        subject=f"Frage von {NAME}", body_text=f"Tel {PHONE}", party=party, ticket=ticket,
    )  # fmt: skip
    DeliveryEvent.objects.create(event_id="ev-zq", event_type="delivered", recipient=EMAIL)
    ChangeRequestFactory(
        party=party, state=ChangeRequest.State.APPROVED, decided_at=closed, old_values={"holder": NAME},
        new_values={"iban": "DE02120300000000202051", "holder": NAME},
    )  # fmt: skip
    DocumentFactory(party=party)
    MagicLink.objects.create(
        party=party, token_hash="zq" * 32, email=EMAIL, expires_at=closed, used_at=closed
    )
    _backdate(ticket, closed)
    return party, ticket


def _backdate(ticket, when) -> None:
    """Everything as it was in 2015 (auto_now_add fields are set by update)."""
    from estate.models import Document

    ticket.__class__.objects.filter(pk=ticket.pk).update(
        created_at=when - dt.timedelta(days=10), closed_at=when
    )
    ticket.messages.update(created_at=when - dt.timedelta(days=5))
    ticket.events.update(created_at=when - dt.timedelta(days=5))
    OutboxMessage.objects.filter(ticket=ticket).update(created_at=when)
    InboundMail.objects.filter(ticket=ticket).update(received_at=when)
    DeliveryEvent.objects.update(received_at=when)
    PrintBatch.objects.update(created_at=when)
    Document.objects.filter(party=ticket.reporter).update(created_at=when)
    ChangeRequest.objects.filter(party=ticket.reporter).update(created_at=when)
    assert timezone.now() > when
