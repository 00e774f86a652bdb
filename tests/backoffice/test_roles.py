"""What the staff roles let staff see: confidential cases only for the colleague who restricted them and
those allowed; closed cases for those who kept them (tests/backoffice/test_closed_cases.py) and team leads.
The groups themselves: tests/accounts."""

import pytest
from django.urls import reverse

from accounts.roles import CASE_WORKER, TEAM_LEAD
from tests.factories import StaffFactory, TicketFactory, UserFactory
from tickets.models import Ticket, TicketEvent
from tickets.status import Status

pytestmark = pytest.mark.django_db


def visible(user, ticket) -> bool:
    return Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def test_a_confidential_case_is_seen_by_its_colleague_and_those_allowed_only(case_worker):
    ticket = TicketFactory(restricted_to=case_worker)
    assert visible(case_worker, ticket)
    assert not visible(StaffFactory(roles=[CASE_WORKER]), ticket)
    assert visible(StaffFactory(roles=[TEAM_LEAD]), ticket)
    assert visible(UserFactory(is_staff=True, is_superuser=True), ticket)


def test_a_closed_case_is_seen_by_its_assignee_and_by_those_who_see_every_closed_case(case_worker):
    plain = StaffFactory()
    done = TicketFactory(status=Status.DONE)
    rejected = TicketFactory(status=Status.REJECTED, assignee=plain)
    assert visible(StaffFactory(roles=[TEAM_LEAD]), done)
    assert not visible(case_worker, done) and not visible(case_worker, rejected)
    assert not visible(plain, done)
    assert visible(plain, rejected)
    assert visible(plain, TicketFactory(status=Status.OPEN))


def test_staff_visibility_is_one_query_without_distinct(case_worker, django_assert_num_queries):
    TicketFactory.create_batch(3)
    TicketFactory(status=Status.DONE, assignee=case_worker)
    TicketFactory(status=Status.DONE)
    # The user's two ticket permissions are read once, then kept on the user for the request.
    with django_assert_num_queries(2) as queries:
        assert len(list(Ticket.objects.visible_to(case_worker))) == 4
    assert "DISTINCT" not in queries.captured_queries[-1]["sql"].upper()
    with django_assert_num_queries(1):
        assert len(list(Ticket.objects.visible_to(case_worker))) == 4


def test_a_case_worker_makes_a_case_confidential_from_the_ticket_page(staff_client, case_worker, client):
    ticket = TicketFactory()
    url = reverse("backoffice:confidential", args=[ticket.reference])
    response = staff_client.post(url, {"vertraulich": "1", "anlass": "Mitarbeiterangelegenheit"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.restricted_to == case_worker
    event = ticket.events.get(kind=TicketEvent.Kind.DATA_CHANGE)
    assert event.actor == case_worker and event.data["confidential"] is True
    colleague = StaffFactory(roles=[CASE_WORKER])
    client.force_login(colleague)
    assert client.get(reverse("backoffice:ticket", args=[ticket.reference])).status_code == 404
    assert client.post(url, {"vertraulich": "0"}).status_code == 404


def test_the_restriction_can_be_lifted_again(staff_client, case_worker):
    ticket = TicketFactory(restricted_to=case_worker)
    staff_client.post(reverse("backoffice:confidential", args=[ticket.reference]), {"vertraulich": "0"})
    ticket.refresh_from_db()
    assert ticket.restricted_to is None


def test_marking_confidential_is_post_only(staff_client):
    ticket = TicketFactory()
    assert staff_client.get(reverse("backoffice:confidential", args=[ticket.reference])).status_code == 405
