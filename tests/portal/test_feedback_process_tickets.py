"""A rating asks how a repair went (processes.access.may_rate): the done mail of a process's ticket (a
nuisance case, a template an admin made) carries no rating link but the link to the ticket, and the
rating page answers 404 for such a ticket, to a GET and to a POST, and records nothing. A repair keeps
its link and its page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from processes import engine
from processes.models import Process, ProcessTemplate, StepTemplate
from processes.standard import install
from processes.steps import finish
from reports.models import Feedback
from tests.factories import CatalogItemFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor

pytestmark = pytest.mark.django_db

GOOD = {"score": "5", "effort": "1", "punctuality": "", "tidiness": "", "comment": "Gut."}
RATING_LINK = "Wie zufrieden waren Sie?"


@pytest.fixture
def templates(db):
    install(ProcessTemplate, StepTemplate)
    made_by_admin = ProcessTemplate.objects.create(
        code="gartennutzung", name_de="Gartennutzung", tenant_may_start=True
    )
    StepTemplate.objects.create(
        template=made_by_admin,
        position=1,
        code="pruefung",
        kind="decision",
        actor="case_worker",
        name_de="Prüfung",
    )
    for template in ProcessTemplate.objects.all():
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()


def _done_by_tenant(code, tenant, case_worker) -> Process:
    process = engine.start(
        code,
        actor=Actor.for_party(tenant),
        reporter_party=tenant,
        parties={"tenant": tenant},
        description="x",
    )
    finish(process, state=Process.State.DONE, actor=Actor.for_user(case_worker), now=timezone.now())
    process.ticket.refresh_from_db()
    assert process.ticket.status == "done"
    return process


@pytest.mark.parametrize("code", ["nachbarschaftsstoerung", "gartennutzung"])
def test_the_done_mail_of_a_process_ticket_does_not_ask_for_a_rating(templates, tenant, case_worker, code):
    ticket = _done_by_tenant(code, tenant, case_worker).ticket
    mail = OutboxMessage.objects.get(kind="status_changed", recipient_party=tenant)
    assert "Neuer Stand: Erledigt" in mail.subject
    assert RATING_LINK not in mail.body_text
    assert reverse("portal:feedback", args=[ticket.reference]) not in mail.body_text
    assert reverse("portal:ticket", args=[ticket.reference]) in mail.body_text


@pytest.mark.parametrize("code", ["nachbarschaftsstoerung", "gartennutzung"])
def test_the_rating_page_refuses_a_process_ticket(client, templates, tenant, case_worker, code):
    ticket = _done_by_tenant(code, tenant, case_worker).ticket
    client.force_login(tenant.user)
    url = reverse("portal:feedback", args=[ticket.reference])
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    assert not Feedback.objects.exists()


def test_a_repair_keeps_its_rating_link_and_page(client, tenant, unit, case_worker):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, status="in_progress")
    workflow.change_status(ticket, to="done", actor=Actor.for_user(case_worker))
    mail = OutboxMessage.objects.get(kind="status_changed", recipient_party=tenant)
    assert RATING_LINK in mail.body_text
    client.force_login(tenant.user)
    assert client.post(reverse("portal:feedback", args=[ticket.reference]), GOOD).status_code == 302
    assert Feedback.objects.get().score == 5
