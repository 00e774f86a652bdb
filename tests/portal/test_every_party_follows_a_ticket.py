"""One ticket from report to done, followed by each party on their own page: the tenant, the case worker
and whoever does the job (a contractor through the signed link, or the caretaker under "Meine Aufträge").
Each sees what the others entered that concerns them, and no timeline row anywhere is empty."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import (
    CaretakerAssignmentFactory,
    CatalogItemFactory,
    ContractorFactory,
    ExtraFieldFactory,
    PartyFactory,
    resident_user,
)
from tickets.actors import Actor
from tickets.models import Message, TicketEvent, WorkOrder
from tickets.services import message_add, ticket_create
from tickets.status import Status
from tickets.work_orders import make_token

pytestmark = pytest.mark.django_db

# A row titled only with its kind ("Handwerker", "Status") says nothing; a message's title is its kind.
BARE_TITLES = {str(label) for label in TicketEvent.Kind.labels} - {str(TicketEvent.Kind.MESSAGE.label)}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_no_empty_row(titles: list[str]) -> None:
    assert titles
    for title in titles:
        text = re.sub(r"<[^>]+>", "", title).strip()
        assert text and text not in BARE_TITLES, titles


def staff_titles(page: str) -> list[str]:
    return re.findall(r'<p class="title">(.*?)</p>', page, re.S)


def tenant_titles(page: str) -> list[str]:
    timeline = page.split('<ol class="p-timeline">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<strong>(.*?)</strong>", timeline, re.S)


@pytest.mark.parametrize("by", ["contractor", "caretaker"])
def test_each_party_follows_one_ticket_from_report_to_done(by, tenant, unit, case_worker):
    item = CatalogItemFactory(name_de="Licht defekt", group__category__kind="damage")
    ExtraFieldFactory(item=item, key="raum", label_de="Welcher Raum?")
    ticket = ticket_create(
        actor=Actor.for_party(tenant),
        item=item,
        prop=unit.building.property,
        unit=unit,
        reporter=tenant,
        description="Im Flur brennt kein Licht.",
        answers={"raum": "Flur"},
        availability="Dienstags ab 15 Uhr",
        phone_consent=True,
    )
    staff = signed_in(case_worker)
    ticket_page = reverse("backoffice:ticket", args=[ticket.reference])
    page = get(staff, ticket_page)
    assert "Welcher Raum?" in page and "Flur" in page and "Dienstags ab 15 Uhr" in page

    ticket.refresh_from_db()
    staff.post(
        reverse("backoffice:message", args=[ticket.reference]),
        {"kind": Message.Kind.PUBLIC, "body": "Wir schicken jemanden.", "version": ticket.version},
    )
    ticket.refresh_from_db()
    release = {"target": by, "note": "Schlüssel beim Nachbarn", "version": ticket.version}
    if by == "caretaker":
        worker = PartyFactory(first_name="Hans", last_name="Hauswart")
        CaretakerAssignmentFactory(party=worker, property=unit.building.property)
        resident_user(worker)
        release["caretaker"] = worker.pk
    else:
        worker = ContractorFactory(name="Elektro Ernst")
        release |= {"contractor": worker.pk, "contractor_may_progress": "on"}
    assert staff.post(reverse("backoffice:release", args=[ticket.reference]), release).status_code == 302

    # The worker is told, and sees what the tenant and the case worker gave the job.
    order = WorkOrder.objects.get(ticket=ticket, revoked_at=None)
    mail = OutboxMessage.objects.get(kind=f"{by}_job" if by == "caretaker" else "work_order")
    assert "Welcher Raum?: Flur" in mail.body_text and "Schlüssel beim Nachbarn" in mail.body_text
    if by == "caretaker":
        worker_client = signed_in(worker.user)
        assert ticket.reference in get(worker_client, reverse("portal:jobs"))
        job_page = reverse("portal:job", args=[ticket.reference])

        def step_url(step: str) -> str:
            return reverse("portal:job_step", args=[ticket.reference, step])
    else:
        worker_client = Client()
        token = make_token(order)
        job_page = reverse("contractor:work_order", args=[token])

        def step_url(step: str) -> str:
            return reverse("contractor:step", args=[token, step])

    page = get(worker_client, job_page)
    entered_for_the_job = [
        "Im Flur brennt kein Licht.",
        "Flur",
        "Dienstags ab 15 Uhr",
        tenant.display_name,
        "Schlüssel beim Nachbarn",
    ]
    for entered in entered_for_the_job:
        assert entered in page, entered

    day = timezone.localdate() + dt.timedelta(days=2)
    worker_client.post(step_url("accept"))
    worker_client.post(
        step_url("appointment"), {"date": day.isoformat(), "time": "15:30", "note": "Bitte da sein"}
    )
    message_add(ticket=ticket, actor=Actor.for_party(tenant), kind=Message.Kind.TENANT, body="Passt mir gut.")
    worker_client.post(step_url("start"))
    worker_client.post(step_url("done"), {"note": "Lampe ersetzt"})
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert "Erledigt" in get(worker_client, job_page)  # the worker keeps the finished job in view

    # The tenant reads the case worker's reply and the worker's date, note and report, and was told.
    tenant_page = get(signed_in(tenant.user), reverse("portal:ticket", args=[ticket.reference]))
    for seen in ["Wir schicken jemanden.", f"{day:%d.%m.%Y} 15:30", "Bitte da sein", "Lampe ersetzt", "Flur"]:
        assert seen in tenant_page, seen
    assert "Schlüssel beim Nachbarn" not in tenant_page  # the release note is for the worker
    assert_no_empty_row(tenant_titles(tenant_page))
    told = OutboxMessage.objects.filter(kind="status_changed", recipient_address=tenant.email)
    assert any("Erledigt" in mail.body_text for mail in told)

    # The case worker reads everything, the tenant's answer to the date included.
    page = get(staff, ticket_page)
    for seen in [f"{day:%d.%m.%Y} 15:30", "Bitte da sein", "Passt mir gut.", "Lampe ersetzt", str(worker)]:
        assert seen in page, seen
    assert_no_empty_row(staff_titles(page))
