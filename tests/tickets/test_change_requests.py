"""Change requests: validated on the way in, applied with history only after a case worker approves."""

import pytest
from django.core.exceptions import ValidationError

from estate.models import BankAccount
from tests.factories import BankAccountFactory, StaffFactory, TicketFactory
from tickets.actors import Actor
from tickets.change_requests import change_request_approve, change_request_create, change_request_reject
from tickets.errors import InvalidTicket, NotPermitted, ReasonRequired
from tickets.models import ChangeRequest, TicketEvent

pytestmark = pytest.mark.django_db
NEW_IBAN = "DE02 1203 0000 0000 2020 51"


@pytest.fixture
def staff(case_worker):
    """A case worker: her role holds the permission to approve data changes."""
    return Actor.for_user(case_worker)


def request_new_account(tenant, **values):
    return change_request_create(
        party=tenant,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": NEW_IBAN, "holder": "Erika Mustermann", **values},
        actor=Actor.for_party(tenant),
    )


def test_request_keeps_old_and_new_side_by_side_and_changes_nothing_yet(tenant):
    old = BankAccountFactory(party=tenant)
    request = request_new_account(tenant)
    assert request.old_values["iban"] == old.iban
    assert request.new_values["iban"] == "DE02120300000000202051"
    assert tenant.bank_accounts.get(valid_until__isnull=True) == old


def test_invalid_iban_is_refused_before_anything_is_stored(tenant):
    with pytest.raises(ValidationError):
        request_new_account(tenant, iban="DE02120300000000202052")
    assert not ChangeRequest.objects.exists()


def test_approval_applies_the_change_and_keeps_the_history(tenant, staff):
    old = BankAccountFactory(party=tenant)
    ticket = TicketFactory(reporter=tenant)
    request = change_request_create(
        party=tenant,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": NEW_IBAN, "holder": "Erika Mustermann"},
        ticket=ticket,
        actor=Actor.for_party(tenant),
    )
    change_request_approve(request=request, actor=staff)
    old.refresh_from_db()
    assert old.valid_until is not None
    current = BankAccount.objects.get(party=tenant, valid_until__isnull=True)
    assert current.iban == "DE02120300000000202051"
    assert tenant.bank_accounts.count() == 2
    assert request.state == ChangeRequest.State.APPROVED
    assert request.decided_by == staff.user
    assert ticket.events.filter(kind="data_change", is_public=True).exists()


def test_name_change_is_applied_on_approval(tenant, staff):
    request = change_request_create(
        party=tenant,
        kind=ChangeRequest.Kind.NAME,
        new_values={"first_name": "Erika", "last_name": "Schmidt"},
        actor=Actor.for_party(tenant),
    )
    tenant.refresh_from_db()
    assert tenant.last_name == "Mustermann"
    change_request_approve(request=request, actor=staff)
    tenant.refresh_from_db()
    assert tenant.last_name == "Schmidt"


def test_rejection_needs_a_reason_and_changes_nothing(tenant, staff):
    old = BankAccountFactory(party=tenant)
    request = request_new_account(tenant)
    with pytest.raises(ReasonRequired):
        change_request_reject(request=request, actor=staff, reason="")
    change_request_reject(request=request, actor=staff, reason="Kontoinhaber passt nicht zum Vertrag")
    assert tenant.bank_accounts.get(valid_until__isnull=True) == old
    assert request.state == ChangeRequest.State.REJECTED


def test_a_decided_request_cannot_be_decided_again(tenant, staff):
    request = request_new_account(tenant)
    change_request_approve(request=request, actor=staff)
    stale = ChangeRequest.objects.get(pk=request.pk)
    stale.state = ChangeRequest.State.PENDING  # as loaded by a second case worker before the first decided
    with pytest.raises(InvalidTicket):
        change_request_reject(request=stale, actor=staff, reason="zu spät")
    assert tenant.bank_accounts.filter(valid_until__isnull=True).count() == 1


def test_tenant_cannot_approve_their_own_request(tenant):
    request = request_new_account(tenant)
    with pytest.raises(NotPermitted):
        change_request_approve(request=request, actor=Actor.for_party(tenant))


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_staff_without_the_approval_permission_are_refused_and_nothing_changes(tenant, decide):
    old = BankAccountFactory(party=tenant)
    ticket = TicketFactory(reporter=tenant)
    request = change_request_create(
        party=tenant,
        kind=ChangeRequest.Kind.BANK_ACCOUNT,
        new_values={"iban": NEW_IBAN, "holder": "Erika Mustermann"},
        ticket=ticket,
        actor=Actor.for_party(tenant),
    )
    events = TicketEvent.objects.filter(ticket=ticket).count()
    colleague = Actor.for_user(StaffFactory())  # staff, but in no role that approves

    with pytest.raises(NotPermitted):
        if decide == "approve":
            change_request_approve(request=request, actor=colleague)
        else:
            change_request_reject(request=request, actor=colleague, reason="passt nicht")

    request.refresh_from_db()
    assert request.state == ChangeRequest.State.PENDING
    assert request.decided_by is None
    assert list(tenant.bank_accounts.all()) == [old]
    assert TicketEvent.objects.filter(ticket=ticket).count() == events
