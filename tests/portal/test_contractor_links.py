"""The contractor's signed link: it opens the job while it is theirs, and a friendly refusal otherwise."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import ContractorFactory, StaffFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import WorkOrder
from tickets.work_orders import LINK_MAX_AGE, make_token, work_order_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(tenant, unit):
    ticket = TicketFactory(
        reporter=tenant,
        unit=unit,
        property=unit.building.property,
        phone_consent=False,
        availability="Nur vormittags",
    )
    contractor = ContractorFactory(name="Sanitär Schulz GmbH")
    workflow.release(ticket, actor=Actor.for_user(StaffFactory()), contractor=contractor)
    return ticket, contractor, WorkOrder.objects.get(ticket=ticket, contractor=contractor)


def url(order):
    return reverse("contractor:work_order", args=[make_token(order)])


def test_work_order_mail_carries_the_link(released):
    ticket, contractor, order = released
    mail = OutboxMessage.objects.get(kind="work_order")
    assert mail.recipient_address == contractor.email
    # The link is signed with the time it was sent, so it is read back rather than rebuilt.
    token = re.search(r"http://127\.0\.0\.1:8000/contractor/([^/\s]+)/", mail.body_text).group(1)
    assert work_order_for_token(token) == order
    assert f"[{ticket.reference}]" in mail.subject


def test_valid_link_shows_the_job_without_the_phone_unless_agreed(client, released, tenant):
    ticket, _contractor, order = released
    response = client.get(url(order))
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.description in page and "Nur vormittags" in page
    assert "Auftrag annehmen" in page
    assert tenant.phone not in page
    ticket.phone_consent = True
    ticket.save(update_fields=["phone_consent"])
    assert tenant.phone in client.get(url(order)).content.decode()


def test_tampered_link_is_refused_kindly(client, released):
    _ticket, _contractor, order = released
    token = make_token(order)
    response = client.get(reverse("contractor:work_order", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "Dieser Link ist ungültig." in response.content.decode()


def test_expired_link_is_refused_kindly(client, released):
    _ticket, _contractor, order = released
    signed_at = timezone.now() - LINK_MAX_AGE - dt.timedelta(minutes=1)
    with mock.patch.object(
        signing.TimestampSigner, "timestamp", return_value=signing.b62_encode(int(signed_at.timestamp()))
    ):
        token = make_token(order)
    response = client.get(reverse("contractor:work_order", args=[token]))
    assert response.status_code == 404
    assert "abgelaufen" in response.content.decode()


def test_link_dies_when_the_job_goes_to_another_contractor(client, released):
    ticket, _contractor, order = released
    old_url = url(order)
    workflow.change_status(ticket, to="open", actor=Actor.system())
    workflow.release(ticket, actor=Actor.system(), contractor=ContractorFactory())
    response = client.get(old_url)
    assert response.status_code == 404
    assert "nicht mehr bei Ihnen" in response.content.decode()
    assert client.get(url(WorkOrder.objects.get(ticket=ticket, revoked_at=None))).status_code == 200


def test_link_dies_when_the_job_is_taken_back(client, released):
    ticket, _contractor, order = released
    workflow.change_status(ticket, to="open", actor=Actor.system())
    assert client.get(url(order)).status_code == 404


def test_link_dies_when_a_colleague_takes_over(client, released):
    ticket, _contractor, order = released
    workflow.change_status(ticket, to="open", actor=Actor.system())
    workflow.release(ticket, actor=Actor.system(), assignee=StaffFactory())
    assert client.get(url(order)).status_code == 404


def test_actions_need_post(client, released):
    _ticket, _contractor, order = released
    response = client.get(reverse("contractor:step", args=[make_token(order), "accept"]))
    assert response.status_code == 405
