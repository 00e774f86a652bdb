"""Letters waiting in the outbox, and print batches, for the print and document tests."""

import factory

from notifications.models import OutboxMessage
from tests.factories import PartyFactory, TicketFactory


class LetterFactory(factory.django.DjangoModelFactory):
    """A pending letter row as the notification rules write it: the status letter for a ticket's reporter."""

    class Meta:
        model = OutboxMessage

    class Params:
        postcode = "10115"
        name = factory.Sequence(lambda n: f"Mieter{n}")

    channel = OutboxMessage.Channel.LETTER
    kind = "status_changed"
    recipient_party = factory.SubFactory(
        PartyFactory,
        first_name="",
        last_name=factory.SelfAttribute("..name"),
        street="Lindenstraße 3",
        postcode=factory.SelfAttribute("..postcode"),
        city="Berlin",
    )
    ticket = factory.SubFactory(TicketFactory, reporter=factory.SelfAttribute("..recipient_party"))
    subject = "Neuer Stand"
    body_text = "Neuer Stand: In Bearbeitung"
    idempotency_key = factory.Sequence(lambda n: f"test-letter:{n}")
