"""Every demo login can do its job: the demo staff are in their role groups, not just in their teams."""

import pytest

from accounts.roles import ADMINISTRATION, APPROVE_CHANGES, CASE_WORKER, TEAM_LEAD
from demo.company import STAFF, Company, build_staff
from tests.factories import TicketFactory
from tickets.models import Ticket
from tickets.status import Status

pytestmark = pytest.mark.django_db


def _groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_team_leads_lead_and_everyone_else_works_cases():
    company = Company()
    build_staff(company)
    leads = {username for username, *_, is_lead in STAFF if is_lead}
    for username, user in company.staff.items():
        assert _groups(user) == {TEAM_LEAD if username in leads else CASE_WORKER}, username
    assert _groups(company.admin) == {ADMINISTRATION}


def test_a_demo_case_worker_approves_changes_and_keeps_her_teams_closed_cases():
    company = Company()
    build_staff(company)
    worker = company.staff["e.yilmaz"]
    assert worker.has_perm(APPROVE_CHANGES)
    closed = TicketFactory(status=Status.DONE, team=company.teams["Kundenservice"])
    elsewhere = TicketFactory(status=Status.DONE, team=company.teams["Technik"])
    assert list(Ticket.objects.visible_to(worker)) == [closed]
    # A team lead sees every closed case, other teams' too.
    assert set(Ticket.objects.visible_to(company.staff["s.krueger"])) == {closed, elsewhere}


def test_building_the_staff_twice_changes_nothing():
    build_staff(Company())
    company = Company()
    build_staff(company)
    assert all(user.groups.count() == 1 for user in company.staff.values())
