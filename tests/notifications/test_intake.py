"""intake_create: a ticket taken in by a case worker, and the mail it came from filed, in one call and
one transaction."""

import pytest

from notifications import intake
from notifications.models import InboundMail, OutboxMessage
from tests.factories import CatalogItemFactory, PartyFactory
from tickets.actors import Actor
from tickets.models import Channel, Ticket, TicketEvent, TicketReferenceCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail(db):
    return InboundMail.objects.create(
        message_id="<hof@example.org>",
        from_address="nachbar@example.org",
        subject="Müll im Hof",
        body_text="Seit Tagen liegt Sperrmüll im Hof.",
    )


def take_in(case_worker, home, **kwargs):
    values = {
        "actor": Actor.for_user(case_worker),
        "item": CatalogItemFactory(),
        "prop": home.building.property,
        "common_area": "courtyard",
        "description": "Seit Tagen liegt Sperrmüll im Hof.",
        "channel": Channel.EMAIL,
        "reporter_name": "Hans Nachbar",
        "reporter_email": "nachbar@example.org",
    }
    return intake.intake_create(**{**values, **kwargs})


def test_a_mail_becomes_a_ticket_and_is_filed_to_it(case_worker, unit, mail):
    ticket = take_in(case_worker, unit, mail=mail)
    mail.refresh_from_db()
    assert (mail.ticket, mail.filed_by) == (ticket, case_worker)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == [TicketEvent.Kind.CREATED, TicketEvent.Kind.LINKED]
    assert not ticket.messages.exists()  # the mail is the description, not a message besides it


def test_when_filing_fails_there_is_no_ticket_and_the_mail_still_waits(case_worker, unit, mail, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("filing failed")

    monkeypatch.setattr(intake, "inbound_mail_file", broken)
    with pytest.raises(RuntimeError):
        take_in(case_worker, unit, mail=mail)
    mail.refresh_from_db()
    assert mail.ticket is None and mail.filed_by is None
    assert not Ticket.objects.exists() and not OutboxMessage.objects.exists()
    assert not TicketReferenceCounter.objects.filter(last__gt=0).exists()


def test_a_known_person_is_reached_through_master_data(case_worker, unit):
    tenant = PartyFactory(email="erika@example.org")
    ticket = take_in(case_worker, unit, reporter=tenant, unit=unit, reporter_phone="0171 555")
    assert (ticket.reporter, ticket.reporter_name, ticket.reporter_email, ticket.reporter_phone) == (
        tenant,
        "",
        "",
        "",
    )
    assert (ticket.unit, ticket.common_area) == (unit, "")  # the unit makes the common area moot
