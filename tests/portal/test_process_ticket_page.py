"""A process's ticket on the tenant's portal is told in the process's words: "Vorgang" and the process's
name, its state and next step (as on the process page), no "Gemeldet über" when the staff or the ERP
started it, and no rating offer. A repair ticket keeps its words and its rating."""

import pytest
from django.urls import reverse

from processes import engine
from processes.models import ProcessTemplate, StepTemplate
from processes.standard import install
from tests.factories import CatalogItemFactory, TicketEventFactory, TicketFactory
from tickets.actors import Actor
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates(db):
    install(ProcessTemplate, StepTemplate)
    for template in ProcessTemplate.objects.all():
        template.catalog_item = CatalogItemFactory(name_de=template.name_de, allows_public=False)
        template.save()


@pytest.fixture
def started_by_staff(templates, tenant, case_worker):
    return engine.start(
        "kuendigung",
        actor=Actor.for_user(case_worker),
        reporter_party=tenant,
        parties={"tenant": tenant},
    )


def _page(client, ticket) -> str:
    response = client.get(reverse("portal:ticket", args=[ticket.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_staff_started_process_ticket_speaks_of_the_process(tenant_client, started_by_staff):
    ticket = started_by_staff.ticket
    assert ticket.channel == "staff"
    html = _page(tenant_client, ticket)
    assert f"Vorgang {ticket.reference}" in html
    assert f"Meldung {ticket.reference}" not in html
    assert "<h1>Kündigung</h1>" in html
    assert f'<span class="p-status">{started_by_staff.get_state_display()}</span>' in html
    assert "Nächster Schritt" in html and "Kündigung erfassen" in html
    assert "Ihre Meldung ist bei uns eingegangen" not in html
    assert "Gemeldet über" not in html
    assert reverse("portal:process", args=[ticket.reference]) in html  # "Zum Vorgang" stays


def test_a_concluded_process_ticket_offers_no_rating(tenant_client, started_by_staff):
    ticket = started_by_staff.ticket
    Ticket.objects.filter(pk=ticket.pk).update(status="done")
    html = _page(tenant_client, ticket)
    assert "Jetzt bewerten" not in html
    assert reverse("portal:feedback", args=[ticket.reference]) not in html
    assert "Die Arbeit ist abgeschlossen" not in html


def test_a_process_the_tenant_asked_for_by_phone_still_says_how(
    templates, tenant_client, tenant, case_worker
):
    process = engine.start(
        "kuendigung",
        actor=Actor.for_user(case_worker),
        reporter_party=tenant,
        parties={"tenant": tenant},
        channel="phone",
    )
    assert "Gemeldet über Telefon" in _page(tenant_client, process.ticket)


def test_a_repair_ticket_is_unchanged_and_offers_its_rating_when_done(tenant_client, tenant):
    ticket = TicketFactory(reporter=tenant, channel="staff")
    TicketEventFactory(ticket=ticket, kind="created", is_public=True, data={"channel": "staff"})
    html = _page(tenant_client, ticket)
    assert f"Meldung {ticket.reference}" in html
    assert f"<h1>{ticket.item.label}</h1>" in html
    assert "Offen: Ihre Meldung ist bei uns eingegangen" in html
    assert "Gemeldet über Sachbearbeitung" in html
    assert "Jetzt bewerten" not in html
    Ticket.objects.filter(pk=ticket.pk).update(status="done")
    html = _page(tenant_client, ticket)
    assert "Erledigt: Die Arbeit ist abgeschlossen." in html
    assert "Jetzt bewerten" in html


def test_a_process_ticket_page_costs_at_most_two_queries_more_than_a_repair(
    tenant_client, tenant, started_by_staff, django_assert_max_num_queries
):
    repair = TicketFactory(reporter=tenant)
    with django_assert_max_num_queries(100) as plain:
        _page(tenant_client, repair)
    # A repair's page does not ask for a process at all (the ticket's own row says it has none); a
    # process's page reads it and at most one thing more.
    with django_assert_max_num_queries(len(plain.captured_queries) + 2):
        _page(tenant_client, started_by_staff.ticket)
