"""Every URL a person may not open answers 404, never 403, so nobody learns that the thing exists: one row
per door (contractor links, caretaker jobs, print batches, admin pages, another tenant's ticket and its
files, feedback and data export)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from notifications import printing
from privacy.models import DataExport
from tests.factories import (
    AttachmentFactory,
    CaretakerAssignmentFactory,
    ContractorFactory,
    PartyFactory,
    StaffFactory,
    TicketFactory,
    resident_user,
)
from tests.letters.factories import LetterFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import WorkOrder
from tickets.status import Status
from tickets.work_orders import LINK_MAX_AGE, make_token

pytestmark = pytest.mark.django_db


@dataclass
class World:
    tenant: object
    other_ticket: object  # the other tenant's private ticket, with a public photo
    other_photo: object
    order_a: object  # contractor A's work order on the tenant's ticket
    order_b_photo: object  # a photo of contractor B's job
    caretaker_a: object
    caretaker_b_ticket: object  # a job of another caretaker
    case_worker: object
    bare_staff: object  # staff with no role: signs in to the back-office, holds no admin rights
    batch: object
    export: object  # the other tenant's data export


@pytest.fixture
def world(tenant, other_tenant, unit, case_worker) -> World:
    releaser = Actor.for_user(StaffFactory())
    prop = unit.building.property
    other_unit = other_tenant.tenancies.get().unit
    other_ticket = TicketFactory(reporter=other_tenant, unit=other_unit, property=prop, status=Status.DONE)
    other_photo = AttachmentFactory(ticket=other_ticket, is_public=True)

    mine = TicketFactory(reporter=tenant, unit=unit, property=prop)
    workflow.release(mine, actor=releaser, contractor=ContractorFactory(name="A GmbH"))
    theirs = TicketFactory(reporter=other_tenant, unit=other_unit, property=prop)
    workflow.release(theirs, actor=releaser, contractor=ContractorFactory(name="B GmbH"))

    caretakers = []
    for name in ("Anton", "Berta"):
        party = PartyFactory(first_name=name, last_name="Hauswart")
        CaretakerAssignmentFactory(party=party, property=prop)
        resident_user(party)
        caretakers.append(party)
    job = TicketFactory(reporter=tenant, unit=unit, property=prop)
    workflow.release(job, actor=releaser, caretaker=caretakers[1])

    LetterFactory()
    return World(
        tenant=tenant,
        other_ticket=other_ticket,
        other_photo=other_photo,
        order_a=WorkOrder.objects.get(ticket=mine),
        order_b_photo=AttachmentFactory(ticket=theirs, is_public=True),
        caretaker_a=caretakers[0],
        caretaker_b_ticket=job,
        case_worker=case_worker,
        bare_staff=StaffFactory(),
        batch=printing.print_batch_create(enqueue=False),
        export=DataExport.objects.create(
            party=other_tenant, channel=DataExport.Channel.PORTAL, state=DataExport.State.READY
        ),
    )


def _expired_token(order) -> str:
    signed_at = timezone.now() - LINK_MAX_AGE - dt.timedelta(minutes=1)
    stamp = signing.b62_encode(int(signed_at.timestamp()))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=stamp):
        return make_token(order)


# (who signs in, method, URL) for each door; None signs in nobody (contractors have no account).
Case = Callable[[World], tuple[object | None, str, str]]
CASES: dict[str, Case] = {
    "contractor link, garbled": lambda w: (None, "get", reverse("contractor:work_order", args=["x" * 40])),
    "contractor link, tampered": lambda w: (
        None,
        "get",
        reverse("contractor:work_order", args=[make_token(w.order_a)[:-2] + "xx"]),
    ),
    "contractor link, expired": lambda w: (
        None,
        "get",
        reverse("contractor:work_order", args=[_expired_token(w.order_a)]),
    ),
    "contractor step, expired link": lambda w: (
        None,
        "post",
        reverse("contractor:step", args=[_expired_token(w.order_a), "accept"]),
    ),
    "contractor photo of another job": lambda w: (
        None,
        "get",
        reverse("contractor:photo", args=[make_token(w.order_a), w.order_b_photo.pk]),
    ),
    "contractor thumbnail of another job": lambda w: (
        None,
        "get",
        reverse("contractor:photo_thumb", args=[make_token(w.order_a), w.order_b_photo.pk]),
    ),
    "caretaker, another caretaker's job": lambda w: (
        w.caretaker_a.user,
        "get",
        reverse("portal:job", args=[w.caretaker_b_ticket.reference]),
    ),
    "caretaker, step on another's job": lambda w: (
        w.caretaker_a.user,
        "post",
        reverse("portal:job_step", args=[w.caretaker_b_ticket.reference, "accept"]),
    ),
    "case worker, print batches": lambda w: (w.case_worker, "get", reverse("backoffice:print_batches")),
    "case worker, a print batch": lambda w: (
        w.case_worker,
        "get",
        reverse("backoffice:print_batch", args=[w.batch.pk]),
    ),
    "case worker, a print batch's PDF": lambda w: (
        w.case_worker,
        "get",
        reverse("backoffice:print_batch_pdf", args=[w.batch.pk]),
    ),
    "case worker, a data export": lambda w: (
        w.case_worker,
        "get",
        reverse("backoffice:export_download", args=[w.export.pk]),
    ),
    "staff without admin rights, tickets in the admin": lambda w: (
        w.bare_staff,
        "get",
        "/admin/tickets/ticket/",
    ),
    "staff without admin rights, a ticket in the admin": lambda w: (
        w.bare_staff,
        "get",
        f"/admin/tickets/ticket/{w.other_ticket.pk}/change/",
    ),
    "staff without admin rights, users in the admin": lambda w: (
        w.bare_staff,
        "get",
        "/admin/accounts/user/",
    ),
    "staff without admin rights, change requests in the admin": lambda w: (
        w.bare_staff,
        "get",
        "/admin/tickets/changerequest/",
    ),
    "tenant, the back-office": lambda w: (
        w.tenant.user,
        "get",
        reverse("backoffice:ticket", args=[w.other_ticket.reference]),
    ),
    "tenant, another tenant's ticket": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:ticket", args=[w.other_ticket.reference]),
    ),
    "tenant, a reply to another tenant's ticket": lambda w: (
        w.tenant.user,
        "post",
        reverse("portal:ticket_reply", args=[w.other_ticket.reference]),
    ),
    "tenant, another tenant's photo": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:attachment", args=[w.other_photo.pk]),
    ),
    "tenant, another tenant's thumbnail": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:attachment_thumb", args=[w.other_photo.pk]),
    ),
    "tenant, feedback on another tenant's ticket": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:feedback", args=[w.other_ticket.reference]),
    ),
    "tenant, another tenant's data export": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:privacy_export_download", args=[w.export.pk]),
    ),
    "tenant, a job page": lambda w: (
        w.tenant.user,
        "get",
        reverse("portal:job", args=[w.caretaker_b_ticket.reference]),
    ),
}


@pytest.mark.parametrize("door", CASES)
def test_not_allowed_answers_404(client, world, door):
    user, method, url = CASES[door](world)
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    assert response.status_code == 404, f"{door}: {url} answered {response.status_code}"
