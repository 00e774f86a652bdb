"""The contractor's page: the company as client with its hotline, the job, the tenant's contact only
where agreed, the tenant's photos through the signed link only, and what the contractor enters reaches
the tenant's and the staff's pages."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import AttachmentFactory, ContractorFactory, StaffFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import WorkOrder
from tickets.work_orders import make_token

pytestmark = pytest.mark.django_db


def release(ticket) -> WorkOrder:
    workflow.release(
        ticket, actor=Actor.for_user(StaffFactory()), contractor=ContractorFactory(name="Sanitär Schulz GmbH")
    )
    return WorkOrder.objects.get(ticket=ticket, revoked_at=None)


@pytest.fixture
def order(tenant, unit, case_worker, media):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, assignee=case_worker)
    return release(ticket)


def page_of(client, order) -> str:
    response = client.get(reverse("contractor:work_order", args=[make_token(order)]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_company_is_the_client_with_its_hotline(client, order):
    page = page_of(client, order)
    client_part = page[page.index("Auftraggeber") :][:400]
    assert settings.COMPANY["name"] in client_part and settings.COMPANY["hotline"] in client_part
    assert "Sanitär Schulz GmbH" not in client_part
    assert "portal/portal.css" in page  # the portal's look


def test_the_tenants_name_and_phone_only_where_agreed(client, order, tenant):
    page = page_of(client, order)
    assert "Erika Mustermann" not in page and tenant.phone not in page
    order.ticket.phone_consent = True
    order.ticket.save(update_fields=["phone_consent"])
    page = page_of(client, order)
    assert "Erika Mustermann" in page and tenant.phone in page


def test_the_tenants_photos_open_through_the_link(client, order):
    photo = AttachmentFactory(ticket=order.ticket)
    url = reverse("contractor:photo", args=[make_token(order), photo.pk])
    assert url in page_of(client, order)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_another_jobs_photo_or_a_private_file_is_404(client, order, tenant, unit):
    other = release(TicketFactory(reporter=tenant, unit=unit, property=unit.building.property))
    foreign = AttachmentFactory(ticket=other.ticket)
    private = AttachmentFactory(ticket=order.ticket, is_public=False)
    token = make_token(order)
    assert client.get(reverse("contractor:photo", args=[token, foreign.pk])).status_code == 404
    assert client.get(reverse("contractor:photo", args=[token, private.pk])).status_code == 404
    assert client.get(reverse("contractor:photo", args=[token[:-2] + "xx", foreign.pk])).status_code == 404


def test_appointment_and_done_reach_the_tenant_and_staff(client, order, tenant, case_worker):
    token = make_token(order)
    day = timezone.localdate() + dt.timedelta(days=4)
    client.post(
        reverse("contractor:step", args=[token, "appointment"]),
        {"date": day.isoformat(), "time": "08:15", "note": "Bitte Keller aufschließen"},
    )
    client.post(reverse("contractor:step", args=[token, "start"]))
    client.post(reverse("contractor:step", args=[token, "done"]), {"note": "Ventil ersetzt"})
    reference = order.ticket.reference
    for user, url in [(tenant.user, "portal:ticket"), (case_worker, "backoffice:ticket")]:
        client.force_login(user)
        page = client.get(reverse(url, args=[reference])).content.decode()
        assert f"{day:%d.%m.%Y} 08:15" in page and "Bitte Keller aufschließen" in page, url
        assert "Erledigt gemeldet" in page and "Ventil ersetzt" in page, url


def test_a_job_in_progress_offers_neither_accept_nor_decline(client, order):
    client.post(reverse("contractor:step", args=[make_token(order), "start"]))
    page = page_of(client, order)
    assert "Erledigt melden" in page
    assert "Auftrag ablehnen" not in page and "Auftrag annehmen" not in page
