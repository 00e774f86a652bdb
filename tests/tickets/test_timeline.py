"""The timeline announces every recorded row; notifications react inside the same transaction."""

import pytest
from django.db import transaction

from notifications.models import OutboxMessage
from tests.factories import TicketFactory
from tickets.actors import Actor
from tickets.models import Message, TicketEvent
from tickets.services import message_add
from tickets.signals import event_recorded
from tickets.timeline import record

pytestmark = pytest.mark.django_db


def test_recording_a_row_announces_it_with_the_ticket_just_saved():
    ticket = TicketFactory()
    heard = []

    def receiver(sender, *, event, **kwargs):
        heard.append((event.kind, event.ticket is ticket))

    event_recorded.connect(receiver)
    try:
        record(ticket, kind=TicketEvent.Kind.FOLLOW_UP, actor=Actor.system(), note="x")
    finally:
        event_recorded.disconnect(receiver)
    assert heard == [(TicketEvent.Kind.FOLLOW_UP, True)]


def test_a_reply_rolled_back_leaves_no_mail_behind(case_worker, tenant):
    ticket = TicketFactory(reporter=tenant)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        message_add(ticket=ticket, actor=Actor.for_user(case_worker), kind=Message.Kind.PUBLIC, body="Hallo")
        assert OutboxMessage.objects.filter(ticket=ticket, kind="public_reply").exists()
        raise Abort
    assert not OutboxMessage.objects.filter(ticket=ticket).exists()
    assert not Message.objects.filter(ticket=ticket).exists()


def test_the_layers_hold_no_upward_import():
    """The one direction (UI -> notifications -> tickets -> catalogs -> accounts -> estate), checked on the
    whole import graph by import-linter with the contract in .importlinter."""
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parents[2]
    lint = pathlib.Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=root, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
