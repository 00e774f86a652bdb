"""Approving or rejecting a change request is one service call and one transaction: the change, the
timeline row and the tenant's mail stand or fall together."""

import pytest

from estate.models import BankAccount
from notifications.models import OutboxMessage
from tests.factories import BankAccountFactory, PartyFactory, TicketFactory
from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_create, change_request_reject
from tickets.models import ChangeRequest, TicketEvent
from tickets.signals import change_request_decided

pytestmark = pytest.mark.django_db
NEW_IBAN = "DE02120300000000202051"
OLD_IBAN = "DE89370400440532013000"


@pytest.fixture
def change(db) -> ChangeRequest:
    party = PartyFactory(email="erika@example.org")
    BankAccountFactory(party=party, iban=OLD_IBAN, holder="Erika Muster")
    return change_request_create(
        party=party,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": NEW_IBAN, "holder": "Erika Muster"},
        ticket=TicketFactory(reporter=party),
        actor=Actor.for_party(party),
    )


@pytest.fixture
def failing_listener():
    def fail(sender, **kwargs):
        raise RuntimeError("outbox unavailable")

    change_request_decided.connect(fail, weak=False, dispatch_uid="test-failing-listener")
    yield
    change_request_decided.disconnect(dispatch_uid="test-failing-listener")


def test_approval_changes_the_account_records_it_and_tells_the_tenant(change, case_worker):
    change_request_approve(request=change, actor=Actor.for_user(case_worker))
    assert BankAccount.objects.get(party=change.party, valid_until__isnull=True).iban == NEW_IBAN
    assert ChangeRequest.objects.get(pk=change.pk).state == ChangeRequest.State.APPROVED
    assert change.ticket.events.filter(kind=TicketEvent.Kind.DATA_CHANGE, data__state="approved").exists()
    assert OutboxMessage.objects.filter(kind="change_request_decided", recipient_party=change.party).exists()


def test_an_approval_whose_mail_fails_changes_nothing(change, case_worker, failing_listener):
    with pytest.raises(RuntimeError):
        change_request_approve(request=change, actor=Actor.for_user(case_worker))
    assert BankAccount.objects.get(party=change.party, valid_until__isnull=True).iban == OLD_IBAN
    assert ChangeRequest.objects.get(pk=change.pk).state == ChangeRequest.State.PENDING
    assert not change.ticket.events.filter(data__state="approved").exists()
    assert not OutboxMessage.objects.exists()


def test_a_rejection_whose_mail_fails_changes_nothing(change, case_worker, failing_listener):
    with pytest.raises(RuntimeError):
        change_request_reject(request=change, actor=Actor.for_user(case_worker), reason="IBAN unleserlich")
    assert ChangeRequest.objects.get(pk=change.pk).state == ChangeRequest.State.PENDING
    assert not change.ticket.events.filter(data__state="rejected").exists()
