"""Who wrote a timeline row, as a resident reads it: each row keeps its writer's kind (tickets.timeline),
so a co-tenant answering by link reads as a resident, the ERP through the API as the Verwaltung and only a
contractor as the Handwerksbetrieb; before, every writer without a login read as Handwerksbetrieb."""

import pytest

from tests.factories import ContractorFactory, PartyFactory, TicketFactory
from tickets.actors import Actor
from tickets.event_text import who_for_resident
from tickets.models import TicketEvent
from tickets.timeline import record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "reads"),
    [
        (lambda: Actor.for_party(PartyFactory()), "Bewohner/in"),  # a co-tenant by link, no login
        (lambda: Actor.for_integration("ERP Wodis"), "Verwaltung"),
        (lambda: Actor.system(), "Verwaltung"),
        (lambda: Actor.for_contractor(ContractorFactory()), "Handwerksbetrieb"),
    ],
)
def test_a_writer_without_a_login_reads_as_what_they_are(tenant, actor, reads):
    ticket = TicketFactory(reporter=tenant)
    event = record(
        ticket, kind=TicketEvent.Kind.STATUS, actor=actor(), is_public=True, old="open", new="done"
    )
    assert event.actor_id is None
    assert who_for_resident(event, user_id=tenant.user.pk) == reads
