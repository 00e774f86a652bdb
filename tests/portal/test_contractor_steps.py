"""The contractor's steps: each moves the ticket through the workflow and shows in the timeline."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import ContractorFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import TicketEvent, WorkOrder
from tickets.status import Status
from tickets.work_orders import make_token

from .images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(tenant, unit, case_worker):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, assignee=case_worker)
    workflow.release(ticket, actor=Actor.for_user(case_worker), contractor=ContractorFactory())
    return WorkOrder.objects.get(ticket=ticket)


def step(client, order, name, **data):
    return client.post(reverse("contractor:step", args=[make_token(order), name]), data)


def contractor_steps(ticket):
    return list(ticket.events.filter(kind=TicketEvent.Kind.CONTRACTOR).values_list("data__step", flat=True))


def test_accept_start_and_done_move_the_status(client, order):
    ticket = order.ticket
    assert step(client, order, "accept").status_code == 302
    step(client, order, "start")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    step(client, order, "done", note="Spülkasten getauscht")
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert contractor_steps(ticket) == ["accepted", "started", "done"]
    done = ticket.events.get(kind=TicketEvent.Kind.CONTRACTOR, data__step="done")
    assert done.actor_label == order.contractor.name
    assert done.data["note"] == "Spülkasten getauscht"


def test_appointment_is_passed_on_to_the_tenant(client, order, tenant):
    day = timezone.localdate() + dt.timedelta(days=3)
    response = step(client, order, "appointment", date=day.isoformat(), time="09:30")
    assert response.status_code == 302
    mail = OutboxMessage.objects.get(kind="appointment")
    assert mail.recipient_address == tenant.email
    assert f"{day:%d.%m.%Y} 09:30" in mail.body_text
    assert contractor_steps(order.ticket) == ["appointment"]


def test_appointment_in_the_past_is_refused_with_a_message(client, order):
    response = step(client, order, "appointment", date="2020-01-01", time="09:00")
    page = client.get(response.url).content.decode()
    assert "Vergangenheit" in page
    assert contractor_steps(order.ticket) == []


def test_decline_with_reason_returns_the_ticket_and_kills_the_link(client, order, case_worker):
    assert step(client, order, "decline", reason="").status_code == 302
    assert contractor_steps(order.ticket) == []
    response = step(client, order, "decline", reason="Keine Kapazität diese Woche")
    assert response.status_code == 200
    order.ticket.refresh_from_db()
    assert order.ticket.status == Status.OPEN
    assert order.ticket.contractor is None
    assert OutboxMessage.objects.filter(
        kind="work_order_declined", recipient_address=case_worker.email
    ).exists()
    assert client.get(reverse("contractor:work_order", args=[make_token(order)])).status_code == 404


def test_done_before_start_is_refused_kindly(client, order):
    response = step(client, order, "done")
    assert "nicht möglich" in client.get(response.url).content.decode()
    order.ticket.refresh_from_db()
    assert order.ticket.status == Status.RELEASED


def test_unknown_step_is_refused(client, order):
    assert step(client, order, "delete").status_code == 404


def test_done_with_photos_stores_them_on_the_ticket(client, order, media):
    step(client, order, "start")
    response = step(client, order, "done", note="Fertig", photos=[photo(), photo()])
    assert response.status_code == 302
    assert order.ticket.attachments.count() == 2
    assert set(order.ticket.attachments.values_list("uploaded_by_label", flat=True)) == {
        order.contractor.name
    }


def test_done_with_a_bad_file_is_refused_and_the_status_stays(client, order, media):
    step(client, order, "start")
    fake = SimpleUploadedFile("foto.jpg", b"<html></html>", content_type="image/jpeg")
    response = step(client, order, "done", photos=[fake])
    assert response.status_code == 302
    order.ticket.refresh_from_db()
    assert order.ticket.status == Status.IN_PROGRESS
    assert not order.ticket.attachments.exists()


def test_the_page_offers_only_the_steps_the_workflow_allows(client, order):
    page = client.get(reverse("contractor:work_order", args=[make_token(order)])).content.decode()
    assert "Auftrag annehmen" in page and "Auftrag ablehnen" in page
    assert "Arbeiten begonnen" in page and "Erledigt melden" not in page
    step(client, order, "start")
    page = client.get(reverse("contractor:work_order", args=[make_token(order)])).content.decode()
    assert "Erledigt melden" in page
    assert "Arbeiten begonnen" not in page
    # Once the work has started, the job can no longer be given back.
    assert "Auftrag ablehnen" not in page


def test_declining_a_job_in_progress_is_refused_and_nothing_is_stored(client, order):
    step(client, order, "start")
    response = step(client, order, "decline", reason="Keine Zeit")
    assert "nicht möglich" in client.get(response.url).content.decode()
    order.refresh_from_db()
    assert order.declined_at is None
    order.ticket.refresh_from_db()
    assert order.ticket.status == Status.IN_PROGRESS
    assert "declined" not in contractor_steps(order.ticket)


def test_a_contractor_who_may_not_progress_gets_no_status_steps(client, tenant, unit, case_worker):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, assignee=case_worker)
    workflow.release(
        ticket,
        actor=Actor.for_user(case_worker),
        contractor=ContractorFactory(),
        contractor_may_progress=False,
    )
    order = WorkOrder.objects.get(ticket=ticket)
    page = client.get(reverse("contractor:work_order", args=[make_token(order)])).content.decode()
    assert "Termin vorschlagen" in page
    assert "Arbeiten begonnen" not in page
    response = step(client, order, "start")
    assert "nicht möglich" in client.get(response.url).content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.RELEASED


def test_the_release_mails_the_contractor_the_link_of_its_order(order):
    mail = OutboxMessage.objects.get(kind="work_order", ticket=order.ticket)
    assert mail.recipient_address == order.contractor.email
    assert make_token(order).split(":")[0] in mail.body_text
    release = order.ticket.events.get(kind=TicketEvent.Kind.STATUS, data__new=Status.RELEASED)
    assert release.data["work_order_id"] == order.pk
