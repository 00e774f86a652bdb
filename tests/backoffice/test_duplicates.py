import pytest
from django.urls import reverse

from tests.factories import AffectedPartyFactory, TicketFactory
from tickets.models import TicketEvent


@pytest.fixture
def main(db):
    return TicketFactory(visibility="public")


@pytest.fixture
def dupe(db):
    return TicketFactory()


def _post(client, ticket, **data):
    data = {"mode": "duplicate", "version": ticket.version, **data}
    return client.post(reverse("backoffice:relate", args=[ticket.reference]), data)


def test_merge_rejects_with_reason_and_moves_the_reporter_to_the_affected(staff_client, main, dupe):
    response = _post(staff_client, dupe, reference=main.reference)
    assert response.status_code == 302
    dupe.refresh_from_db()
    assert dupe.status == "rejected"
    assert dupe.status_reason == f"Duplikat von {main.reference}"
    assert dupe.duplicate_of == main
    assert main.affected.filter(party=dupe.reporter).exists()
    assert main.events.filter(kind=TicketEvent.Kind.LINKED).exists()
    assert dupe.events.filter(kind=TicketEvent.Kind.LINKED).exists()
    page = staff_client.get(reverse("backoffice:ticket", args=[main.reference])).content.decode()
    assert dupe.reporter.display_name in page
    assert dupe.reference in page


def test_merge_into_a_private_ticket_still_adds_the_reporter(staff_client, dupe):
    private = TicketFactory(visibility="private")
    assert _post(staff_client, dupe, reference=private.reference).status_code == 302
    assert private.affected.filter(party=dupe.reporter).exists()


def test_merge_follows_a_duplicate_to_its_main_ticket(staff_client, case_worker, main, dupe):
    first = TicketFactory(duplicate_of=main, status="rejected", assignee=case_worker)
    _post(staff_client, dupe, reference=first.reference)
    dupe.refresh_from_db()
    assert dupe.duplicate_of == main


def test_link_keeps_both_open_and_records_on_both(staff_client, main, dupe):
    response = _post(staff_client, dupe, reference=main.reference, mode="link")
    assert response.status_code == 302
    dupe.refresh_from_db()
    assert dupe.status == "open"
    assert main.events.filter(kind=TicketEvent.Kind.LINKED, data__linked_ticket_id=dupe.pk).exists()
    page = staff_client.get(reverse("backoffice:ticket", args=[main.reference])).content.decode()
    assert dupe.reference in page


def test_self_reference_is_refused_in_german(staff_client, dupe):
    response = _post(staff_client, dupe, reference=dupe.reference)
    assert response.status_code == 400
    assert "nicht Duplikat von sich selbst" in response.content.decode()
    dupe.refresh_from_db()
    assert dupe.status == "open"


def test_unknown_reference_is_refused_in_german(staff_client, dupe):
    response = _post(staff_client, dupe, reference="2026-999999")
    assert response.status_code == 400
    assert "gibt es nicht" in response.content.decode()


def test_stale_version_gets_the_conflict_page(staff_client, main, dupe):
    response = _post(staff_client, dupe, reference=main.reference, version=dupe.version - 1 or 99)
    assert response.status_code == 409
    dupe.refresh_from_db()
    assert dupe.duplicate_of is None


def test_ticket_page_query_count_does_not_grow_with_affected_parties(
    staff_client, main, django_assert_num_queries
):
    url = reverse("backoffice:ticket", args=[main.reference])
    AffectedPartyFactory(ticket=main)
    staff_client.get(url)
    # No duplicates and no links yet: the related tickets are not asked for (nor the permissions that
    # their list reads, which the ticket query asks inside its own SQL).
    with django_assert_num_queries(7):
        staff_client.get(url)
    AffectedPartyFactory.create_batch(19, ticket=main)
    TicketFactory.create_batch(3, duplicate_of=main, status="rejected")
    staff_client.get(url)  # the factories' new colleagues and contractors refill the cached select lists
    with django_assert_num_queries(9):
        response = staff_client.get(url)
    assert len(response.context["affected_parties"]) == 20
