"""The inspection pages: the tenant books in the portal, the inspector fills and signs on the phone page;
bad input gets a clear message and a 4xx; outsiders get 404."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from processes import inspection_work
from processes.models import Process
from processes.protocol import protocol_hash
from tests.processes.inspection_helpers import notice_at_appointment, offer
from tests.processes.test_inspection_protocol import drawn_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(templates, tenant, case_worker):
    return notice_at_appointment(tenant, case_worker)


def test_tenant_books_in_the_portal_and_a_taken_slot_is_a_409(
    client, process, tenant, case_worker, inspector
):
    first, second = offer(process, case_worker, inspector), offer(process, case_worker, inspector, hour=14)
    client.force_login(tenant.user)
    url = reverse("portal:inspection_booking", args=[process.ticket.reference])
    page = client.get(url)
    assert page.status_code == 200 and "Termin buchen" in page.content.decode()

    booked = client.post(
        reverse("portal:inspection_book", args=[process.ticket.reference]), {"slot": first.pk}
    )
    assert booked.status_code == 302
    again = client.post(
        reverse("portal:inspection_book", args=[process.ticket.reference]), {"slot": second.pk}
    )
    assert again.status_code == 409
    assert "nicht an der Reihe" in again.content.decode() or "vergeben" in again.content.decode()
    assert "Ihr Termin" in client.get(url).content.decode()


def test_other_tenant_gets_404(client, process, other_tenant):
    client.force_login(other_tenant.user)
    assert (
        client.get(reverse("portal:inspection_booking", args=[process.ticket.reference])).status_code == 404
    )


def test_inspector_saves_a_room_and_signs_on_the_phone_page(client, process, tenant, case_worker, inspector):
    from processes import inspections
    from tickets.actors import Actor

    slot = offer(process, case_worker, inspector)
    inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(tenant))
    client.force_login(inspector)
    ref = process.ticket.reference
    page = client.get(reverse("backoffice:inspection", args=[ref, "pre_inspection"]))
    assert page.status_code == 200 and "Küche" in page.content.decode()

    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(photo, "JPEG")
    photo.name = "flur.jpg"
    photo.seek(0)
    data = {f"i{n}-condition": "ok" for n in range(6)} | {"i0-note": "frisch gestrichen", "i0-photo": photo}
    saved = client.post(reverse("backoffice:inspection_room", args=[ref, "pre_inspection", 0]), data)
    assert saved.status_code == 302
    inspection = inspection_work.inspection_for(Process.objects.get(pk=process.pk), "pre_inspection")
    assert inspection.protocol["rooms"][0]["items"][0]["note"] == "frisch gestrichen"
    assert len(inspection.protocol["rooms"][0]["items"][0]["photos"]) == 1

    html = io.BytesIO()
    html.write(b"<html><script>alert(1)</script></html>")
    html.name = "boese.jpg"
    html.seek(0)
    refused = client.post(
        reverse("backoffice:inspection_room", args=[ref, "pre_inspection", 0]), {**data, "i0-photo": html}
    )
    assert refused.status_code == 400 and "kein Foto" in refused.content.decode()

    import base64

    image = "data:image/png;base64," + base64.b64encode(drawn_png()).decode()
    sign_url = reverse("backoffice:inspection_sign_post", args=[ref, "pre_inspection"])
    stale = client.post(sign_url, {"role": "tenant", "party": tenant.pk, "hash": "0" * 64, "image": image})
    assert stale.status_code == 409 and "geändert" in stale.content.decode()
    seen = protocol_hash(inspection)
    assert (
        client.post(
            sign_url, {"role": "tenant", "party": tenant.pk, "hash": seen, "image": image}
        ).status_code
        == 302
    )
    assert client.post(sign_url, {"role": "inspector", "hash": seen, "image": image}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.is_finished
    pdf = client.get(reverse("backoffice:inspection_pdf", args=[ref, "pre_inspection"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_staff_who_may_not_see_the_ticket_get_404(client, process, case_worker):
    from tests.factories import StaffFactory

    process.ticket.restricted_to = case_worker
    process.ticket.save()
    client.force_login(StaffFactory())
    ref = process.ticket.reference
    assert (
        client.get(
            reverse("backoffice:inspection_slots", args=[ref, "pre_inspection_appointment"])
        ).status_code
        == 404
    )


def test_my_inspections_lists_the_booked_times_in_fixed_queries(client, templates, case_worker, inspector):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from processes import inspections
    from tests.factories import PartyFactory, TenancyFactory, resident_user
    from tickets.actors import Actor

    client.force_login(inspector)
    client.get(reverse("backoffice:my_inspections"))  # the menu's rights are cached per user: not counted
    counts = []
    for _n in range(3):
        party = TenancyFactory(party=PartyFactory()).party
        resident_user(party)
        process = notice_at_appointment(party, case_worker)
        slot = offer(process, case_worker, inspector)
        inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(party))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("backoffice:my_inspections"))
        assert page.status_code == 200 and process.ticket.reference in page.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[2] <= 8


def test_the_appointment_before_an_inspection_links_its_times(client, process, tenant, case_worker):
    reference = process.ticket.reference
    client.force_login(case_worker)
    assert "Termine anbieten und buchen" in client.get(reverse("backoffice:process", args=[reference])).text
    client.force_login(tenant.user)
    assert (
        reverse("portal:inspection_booking", args=[reference])
        in client.get(reverse("portal:process", args=[reference])).text
    )


def test_the_booked_time_comes_as_a_calendar_file_for_the_tenant(
    client, process, tenant, other_tenant, case_worker, inspector
):
    """The booking page and the booking mail link an .ics of the booked time that calendar apps read;
    a time not booked, or someone else's process, answers 404."""
    import icalendar

    from notifications.models import OutboxMessage

    booked, free = offer(process, case_worker, inspector), offer(process, case_worker, inspector, hour=14)
    ref = process.ticket.reference
    client.force_login(tenant.user)
    assert client.post(reverse("portal:inspection_book", args=[ref]), {"slot": booked.pk}).status_code == 302
    ics_url = reverse("portal:inspection_ics", args=[ref, booked.pk])
    assert ics_url in client.get(reverse("portal:inspection_booking", args=[ref])).content.decode()
    assert ics_url in OutboxMessage.objects.get(kind="inspection_booked", recipient_party=tenant).body_text

    response = client.get(ics_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == booked.starts_at and event.decoded("dtend") == booked.ends_at
    assert "Vorabnahme" in str(event["summary"]) and "Ingo Abnahme" in str(event["description"])
    assert str(event["location"]).startswith(str(process.ticket.unit.building.property))

    assert client.get(reverse("portal:inspection_ics", args=[ref, free.pk])).status_code == 404
    client.force_login(other_tenant.user)
    assert client.get(ics_url).status_code == 404
