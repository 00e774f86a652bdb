"""The caretaker (Hauswart) works jobs: released to them by hand or by a workflow rule, told by mail in
their language, listed in "Meine Aufträge", and worked with the contractor's steps."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import (
    CaretakerAssignmentFactory,
    CatalogItemFactory,
    ExtraFieldFactory,
    PartyFactory,
    TicketFactory,
    WorkflowRuleFactory,
    resident_user,
)
from tickets import workflow
from tickets.actors import Actor
from tickets.models import Ticket, TicketEvent, WorkOrder
from tickets.services import ticket_create
from tickets.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def caretaker(unit):
    party = PartyFactory(first_name="Hans", last_name="Hauswart", language="nl")
    CaretakerAssignmentFactory(party=party, property=unit.building.property)
    resident_user(party)
    return party


@pytest.fixture
def ticket(tenant, unit, case_worker):
    return TicketFactory(
        reporter=tenant, unit=unit, property=unit.building.property, assignee=case_worker, phone_consent=True
    )


@pytest.fixture
def released(ticket, caretaker, case_worker, staff_client):
    response = staff_client.post(
        reverse("backoffice:release", args=[ticket.reference]),
        {"target": "caretaker", "caretaker": caretaker.pk, "note": "Bitte heute", "version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def staff_client(client, case_worker):
    from django.test import Client

    staff = Client()
    staff.force_login(case_worker)
    return staff


@pytest.fixture
def caretaker_client(client, caretaker):
    client.force_login(caretaker.user)
    return client


def step(client, ticket, name, **data):
    return client.post(reverse("portal:job_step", args=[ticket.reference, name]), data)


def test_release_by_hand_mails_the_caretaker_in_their_language(released, caretaker):
    assert released.status == Status.RELEASED and released.caretaker == caretaker
    mail = OutboxMessage.objects.get(kind="caretaker_job")
    assert mail.recipient_address == caretaker.email and mail.language == "nl"
    assert "Nieuwe opdracht" in mail.subject
    assert f"/portal/auftraege/{released.reference}/" in mail.body_text
    assert "Bitte heute" in mail.body_text


def test_a_workflow_rule_releases_to_the_caretaker(unit, tenant, caretaker):
    item = CatalogItemFactory()
    WorkflowRuleFactory(item=item, contractor=None, caretaker=caretaker, auto_release=True)
    ticket = ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Licht im Keller kaputt",
    )
    assert ticket.status == Status.RELEASED and ticket.caretaker == caretaker
    assert WorkOrder.objects.get(ticket=ticket, revoked_at=None).caretaker == caretaker
    assert OutboxMessage.objects.filter(kind="caretaker_job", recipient_address=caretaker.email).exists()


def test_job_is_listed_open_first(released, caretaker, caretaker_client, unit):
    done = TicketFactory(property=unit.building.property, caretaker=caretaker, status=Status.DONE)
    response = caretaker_client.get(reverse("portal:jobs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Meine Aufträge" in page
    assert page.index(released.reference) < page.index(done.reference)


def test_the_whole_job_and_the_tenant_is_told(released, caretaker_client, tenant, case_worker, client):
    day = timezone.localdate() + dt.timedelta(days=2)
    assert step(caretaker_client, released, "accept").status_code == 302
    step(caretaker_client, released, "appointment", date=day.isoformat(), time="10:00", note="Klingeln")
    step(caretaker_client, released, "start")
    step(caretaker_client, released, "done", note="Leuchtmittel getauscht")
    released.refresh_from_db()
    assert released.status == Status.DONE
    steps = released.events.filter(kind=TicketEvent.Kind.CONTRACTOR)
    assert list(steps.values_list("data__step", flat=True)) == ["accepted", "appointment", "started", "done"]
    assert OutboxMessage.objects.filter(kind="appointment", recipient_address=tenant.email).exists()
    told = OutboxMessage.objects.filter(kind="status_changed", recipient_address=tenant.email)
    assert any("Erledigt" in mail.body_text for mail in told)

    client.force_login(tenant.user)
    tenant_page = client.get(reverse("portal:ticket", args=[released.reference])).content.decode()
    assert "Erledigt gemeldet" in tenant_page and "Leuchtmittel getauscht" in tenant_page
    assert f"{day:%d.%m.%Y} 10:00" in tenant_page and "Klingeln" in tenant_page
    client.force_login(case_worker)
    staff_page = client.get(reverse("backoffice:ticket", args=[released.reference])).content.decode()
    assert "Erledigt gemeldet" in staff_page and "Leuchtmittel getauscht" in staff_page


def test_the_job_page_shows_the_tenants_phone_where_agreed(released, caretaker_client, tenant):
    response = caretaker_client.get(reverse("portal:job", args=[released.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert released.description in page and tenant.phone in page
    assert "Auftrag annehmen" in page and "Erledigt melden" not in page


def test_a_step_not_allowed_now_is_refused_and_nothing_stored(released, caretaker_client):
    response = step(caretaker_client, released, "done", note="Schon fertig")
    assert "nicht möglich" in caretaker_client.get(response.url).content.decode()
    released.refresh_from_db()
    assert released.status == Status.RELEASED
    assert not released.events.filter(kind=TicketEvent.Kind.CONTRACTOR).exists()


def test_another_caretakers_job_is_404_and_nothing_stored(released, unit, client):
    other = PartyFactory()
    CaretakerAssignmentFactory(party=other, property=unit.building.property)
    resident_user(other)
    client.force_login(other.user)
    assert client.get(reverse("portal:job", args=[released.reference])).status_code == 404
    assert step(client, released, "accept").status_code == 404
    assert not released.events.filter(kind=TicketEvent.Kind.CONTRACTOR).exists()


def test_a_tenant_has_no_job_list(tenant_client):
    assert tenant_client.get(reverse("portal:jobs")).status_code == 404
    page = tenant_client.get(reverse("portal:home")).content.decode()
    assert "Meine Meldungen" in page and "Meine Aufträge" not in page


def test_a_job_taken_back_is_gone_from_the_caretaker(released, caretaker_client, case_worker):
    workflow.change_status(released, to=Status.OPEN, actor=Actor.for_user(case_worker), caretaker=None)
    assert caretaker_client.get(reverse("portal:job", args=[released.reference])).status_code == 404


def test_the_job_mail_lists_the_answers_the_job_needs(caretaker, case_worker, tenant, unit):
    item = CatalogItemFactory(group__category__kind="damage")
    ExtraFieldFactory(item=item, key="raum", label_de="Raum", label_nl="Ruimte")
    ticket = TicketFactory(
        item=item, reporter=tenant, unit=unit, property=unit.building.property, answers={"raum": "Keller"}
    )
    workflow.release(ticket, actor=Actor.for_user(case_worker), caretaker=caretaker)
    assert "Ruimte: Keller" in OutboxMessage.objects.get(kind="caretaker_job").body_text


def test_a_rule_without_auto_release_proposes_the_caretaker_unseen_until_released(
    unit, tenant, caretaker, caretaker_client, case_worker
):
    item = CatalogItemFactory()
    WorkflowRuleFactory(item=item, contractor=None, caretaker=caretaker, auto_release=False)
    ticket = ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Licht im Keller kaputt",
    )
    assert ticket.status == Status.OPEN and ticket.caretaker == caretaker
    assert not WorkOrder.objects.exists()
    assert not OutboxMessage.objects.filter(kind="caretaker_job").exists()
    listing = caretaker_client.get(reverse("portal:jobs"))
    assert listing.status_code == 200 and ticket.reference not in listing.content.decode()
    assert caretaker_client.get(reverse("portal:ticket", args=[ticket.reference])).status_code == 404
    assert caretaker_client.get(reverse("portal:job", args=[ticket.reference])).status_code == 404

    staff = Client()
    staff.force_login(case_worker)
    form = staff.get(reverse("backoffice:ticket", args=[ticket.reference])).context["release_form"]
    assert form.initial["target"] == "caretaker" and form.initial["caretaker"] == caretaker.pk
    workflow.release(ticket, actor=Actor.for_user(case_worker), caretaker=caretaker)
    assert ticket.reference in caretaker_client.get(reverse("portal:jobs")).content.decode()


def test_the_job_list_costs_the_same_queries_at_1_and_at_a_full_page_of_jobs(
    released, caretaker, caretaker_client, unit, django_assert_num_queries
):
    url = reverse("portal:jobs")
    caretaker_client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert caretaker_client.get(url).status_code == 200
    TicketFactory.create_batch(
        29, property=unit.building.property, unit=unit, caretaker=caretaker, status=Status.RELEASED
    )
    with django_assert_num_queries(len(one.captured_queries)):
        page = caretaker_client.get(url).content.decode()
    listed = [
        t for t in Ticket.objects.filter(caretaker=caretaker) if f"/portal/auftraege/{t.reference}/" in page
    ]
    assert len(listed) == 25  # a full page
