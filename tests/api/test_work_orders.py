"""A contractor's system works its orders end to end through the same steps as the signed link."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import ContractorFactory, TicketFactory
from tickets.actors import Actor
from tickets.models import Attachment, Ticket
from tickets.workflow import release


def _released_to(contractor):
    ticket = TicketFactory()
    release(ticket, actor=Actor.system(), contractor=contractor)
    return ticket.work_orders.get()


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("fertig.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_another_contractors_order_answers_404(contractor_system):
    other = _released_to(ContractorFactory())
    assert contractor_system.get(f"/work-orders/{other.pk}").status_code == 404
    assert contractor_system.post(f"/work-orders/{other.pk}/accept").status_code == 404
    assert contractor_system.get("/work-orders").json()["items"] == []


def test_erp_token_without_the_scope_gets_403(erp, contractor):
    order = _released_to(contractor)
    assert erp.get(f"/work-orders/{order.pk}").status_code == 403


def test_an_order_is_worked_end_to_end(contractor_system, contractor):
    order = _released_to(contractor)
    listed = contractor_system.get("/work-orders").json()["items"]
    assert [(o["id"], o["state"], o["state_vera"]["code"]) for o in listed] == [(order.pk, "issued", "GUN")]
    assert contractor_system.post(f"/work-orders/{order.pk}/accept").json()["state"] == "accepted"
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    scheduled = contractor_system.post(
        f"/work-orders/{order.pk}/appointment", {"at": when, "note": "vormittags"}
    )
    assert scheduled.json()["state_vera"]["code"] == "PLN"
    assert contractor_system.post(f"/work-orders/{order.pk}/start").json()["state"] == "in_progress"
    done = contractor_system.post(
        f"/work-orders/{order.pk}/done", {"note": "Ventil getauscht", "photos": [_photo()]}, multipart=True
    )
    assert done.status_code == 200, done.content
    assert done.json()["state_vera"]["code"] == "TEC"
    assert Ticket.objects.get(pk=order.ticket_id).status == "done"
    assert Attachment.objects.filter(ticket=order.ticket_id).count() == 1


def test_a_step_the_workflow_does_not_offer_is_409(contractor_system, contractor):
    order = _released_to(contractor)
    contractor_system.post(f"/work-orders/{order.pk}/accept")
    response = contractor_system.post(f"/work-orders/{order.pk}/accept")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"


def test_declining_gives_the_job_back(contractor_system, contractor):
    order = _released_to(contractor)
    response = contractor_system.post(f"/work-orders/{order.pk}/decline", {"reason": "Kein Personal frei"})
    assert response.json()["state"] == "cancelled"
    assert Ticket.objects.get(pk=order.ticket_id).status == "open"
    assert contractor_system.get(f"/work-orders/{order.pk}").status_code == 404
