"""Staff keep what they worked on: a closed case stays with its team and with everyone who acted on it,
on the ticket page, in search and in the calendar; nobody else learns it exists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASE_WORKER, TEAM_LEAD
from tests.factories import StaffFactory, TeamMembershipFactory, TicketFactory
from tickets.actors import Actor
from tickets.search import refresh_search_vector
from tickets.services import follow_up_add, message_add
from tickets.status import Status

pytestmark = pytest.mark.django_db

QUEUE = reverse("backoffice:queue")


def _page(reference: str) -> str:
    return reverse("backoffice:ticket", args=[reference])


def _close(client, ticket) -> None:
    response = client.post(
        reverse("backoffice:move", args=[ticket.reference]), {"to": Status.DONE, "version": ticket.version}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE


def test_a_case_worker_who_closes_a_ticket_still_opens_it_and_finds_it_from_the_default_tab(
    staff_client, case_worker
):
    # Nobody's ticket, of no team of hers: all that ties her to it is that she closed it.
    ticket = TicketFactory(status=Status.IN_PROGRESS, description="Briefkasten klemmt", assignee=None)
    refresh_search_vector([ticket.pk])
    _close(staff_client, ticket)

    assert staff_client.get(_page(ticket.reference)).status_code == 200
    response = staff_client.get(QUEUE, {"view": "mine", "q": "Briefkasten"})
    assert [row.reference for row in response.context["rows"]] == [ticket.reference]
    assert "Suche in allen Meldungen, die Sie sehen dürfen" in response.content.decode()


def test_a_colleague_of_another_team_who_never_touched_it_gets_404(staff_client, case_worker, client):
    ticket = TicketFactory(status=Status.IN_PROGRESS, team=TeamMembershipFactory(user=case_worker).team)
    refresh_search_vector([ticket.pk])
    _close(staff_client, ticket)
    colleague = StaffFactory(roles=[CASE_WORKER])
    TeamMembershipFactory(user=colleague)
    client.force_login(colleague)
    assert client.get(_page(ticket.reference)).status_code == 404
    found = client.get(QUEUE, {"q": ticket.reference}).context["rows"]
    assert found == []


def test_the_team_keeps_its_closed_tickets(client, case_worker):
    team = TeamMembershipFactory(user=case_worker).team
    ticket = TicketFactory(status=Status.DONE, team=team, assignee=StaffFactory())
    teammate = StaffFactory(roles=[CASE_WORKER])
    TeamMembershipFactory(user=teammate, team=team)
    client.force_login(teammate)
    assert client.get(_page(ticket.reference)).status_code == 200


def test_an_internal_note_is_enough_to_keep_the_ticket(client):
    worker = StaffFactory(roles=[CASE_WORKER])
    ticket = TicketFactory(status=Status.IN_PROGRESS)
    message_add(ticket=ticket, actor=Actor.for_user(worker), kind="internal", body="Mieter angerufen")
    ticket.status = Status.REJECTED
    ticket.save(update_fields=["status"])
    client.force_login(worker)
    assert client.get(_page(ticket.reference)).status_code == 200


def test_a_confidential_closed_ticket_stays_hidden_from_its_team_and_those_who_worked_on_it(client):
    owner, worker, lead = (StaffFactory(roles=[role]) for role in (CASE_WORKER, CASE_WORKER, TEAM_LEAD))
    team = TeamMembershipFactory(user=worker).team
    ticket = TicketFactory(status=Status.IN_PROGRESS, team=team, assignee=worker)
    message_add(ticket=ticket, actor=Actor.for_user(worker), kind="internal", body="Rückruf erbeten")
    ticket.status, ticket.restricted_to, ticket.assignee = Status.DONE, owner, owner
    ticket.save(update_fields=["status", "restricted_to", "assignee"])
    for user, code in ((worker, 404), (owner, 200), (lead, 200)):
        client.force_login(user)
        assert client.get(_page(ticket.reference)).status_code == code, user


def test_her_follow_up_on_a_ticket_a_colleague_closed_links_to_it(staff_client, case_worker):
    ticket = TicketFactory(status=Status.IN_PROGRESS, assignee=StaffFactory())
    today = timezone.localdate()
    follow_up_add(ticket=ticket, actor=Actor.for_user(case_worker), due_on=today, note="Nachfragen")
    ticket.refresh_from_db()
    ticket.status = Status.DONE
    ticket.save(update_fields=["status"])

    calendar = staff_client.get(
        reverse("backoffice:calendar"), {"ansicht": "tag", "datum": today.isoformat()}
    )
    assert _page(ticket.reference) in calendar.content.decode()
    assert staff_client.get(_page(ticket.reference)).status_code == 200
    listed = staff_client.get(QUEUE, {"view": "follow_up", "status": "any"}).context["rows"]
    assert [row.reference for row in listed] == [ticket.reference]


def test_a_search_says_when_filters_narrow_it(staff_client):
    response = staff_client.get(QUEUE, {"view": "mine", "q": "Heizung", "priority": "high"})
    assert "eingeschränkt durch die gewählten Filter" in response.content.decode()


def test_a_search_can_still_be_kept_to_one_status(staff_client, case_worker):
    open_one = TicketFactory(description="Rauchmelder piept", assignee=None)
    done_one = TicketFactory(description="Rauchmelder piept", assignee=case_worker, status=Status.DONE)
    refresh_search_vector([open_one.pk, done_one.pk])
    everything = staff_client.get(QUEUE, {"view": "mine", "q": "Rauchmelder"}).context["rows"]
    assert {row.reference for row in everything} == {open_one.reference, done_one.reference}
    only_done = staff_client.get(QUEUE, {"q": "Rauchmelder", "status": Status.DONE}).context["rows"]
    assert [row.reference for row in only_done] == [done_one.reference]


def test_the_tabs_of_a_search_page_lead_out_of_the_search(staff_client):
    page = staff_client.get(QUEUE, {"view": "team", "q": "Heizung"}).content.decode()
    assert 'href="?view=mine"' in page
    assert 'aria-current="page">Mein Team' not in page


def test_a_search_typed_in_a_tab_ignores_that_tab(staff_client, case_worker):
    mine = TicketFactory(assignee=case_worker, description="Dachrinne verstopft")
    refresh_search_vector([mine.pk])
    response = staff_client.get(QUEUE, {"view": "unassigned", "q": "Dachrinne"})
    assert [row.reference for row in response.context["rows"]] == [mine.reference]
