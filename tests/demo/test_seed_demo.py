"""The demo company: complete, with real timelines, and safe to seed twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from accounts.models import User
from catalogs.models import CatalogItem, Responsibility, WorkflowRule
from estate.models import Party, Property, Unit
from notifications.models import OutboxMessage
from tickets.models import Message, Ticket, TicketEvent, TicketReferenceCounter
from tickets.status import Status

MODELS = (
    User,
    Party,
    Property,
    Unit,
    CatalogItem,
    Responsibility,
    WorkflowRule,
    Ticket,
    TicketEvent,
    Message,
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", tickets=60, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo company for the whole module (seeding takes half a minute), rolled back at its end; each
    test runs in a savepoint inside it. Returns what the first seeding printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_seeding_twice_changes_nothing(seeded):
    first = counts()
    output = seed()
    assert counts() == first
    assert "nichts geändert" in output


@pytest.mark.django_db
def test_demo_tickets_cover_every_status_and_each_has_a_timeline(seeded):
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Ticket.objects.annotate(n=Count("events")).filter(n=0).exists()
    numbered = sum(TicketReferenceCounter.objects.values_list("last", flat=True))
    assert numbered == Ticket.objects.count()
    # Beside the history, the demo's processes (a Kündigung, a nuisance case) each carry a ticket.
    assert Ticket.objects.filter(process__isnull=True).count() == 60


@pytest.mark.django_db
def test_the_demo_history_leaves_no_mail_waiting(seeded):
    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).exists()


@pytest.mark.django_db
def test_output_names_the_logins(seeded):
    output = seeded
    assert "admin" in output and "Musterstadt2026" in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("Musterstadt2026")
    assert "@example.org" in output


@pytest.mark.django_db
def test_lift_items_are_offered_only_where_there_is_a_lift(seeded):
    with_lift = Property.objects.get(features__code="aufzug")
    without = Property.objects.exclude(features__code="aufzug").first()
    assert CatalogItem.objects.for_property(with_lift).filter(code="AZ-STEHT").exists()
    assert not CatalogItem.objects.for_property(without).filter(code="AZ-STEHT").exists()
