"""Times for an inspection: offered by staff, booked once by the tenant (or by phone), in the calendar."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from processes import inspections
from processes.errors import StepNotActive, StepNotAllowed
from processes.inspections import SlotInvalid, SlotTaken
from processes.models import Process, ProcessParty
from tests.processes.inspection_helpers import notice_at_appointment, offer
from tickets import agenda
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def test_tenant_books_a_slot_and_the_step_moves_on(templates, tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    slot = offer(process, case_worker, inspector)

    inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(tenant))

    slot.refresh_from_db()
    process.refresh_from_db()
    assert slot.is_booked
    assert process.current_step.code == "pre_inspection"
    assert ProcessParty.objects.filter(process=process, role="inspector", user=inspector).exists()
    assert slot.appointment.user == inspector
    day = timezone.localdate(slot.starts_at)
    found = agenda.entries(inspector, start=day, end=day + dt.timedelta(days=1))
    assert [e.uid for e in found] == [f"appointment-{slot.appointment.pk}"]


def test_a_slot_taken_meanwhile_is_refused_with_a_clear_message(templates, tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    first = offer(process, case_worker, inspector)
    second = offer(process, case_worker, inspector, hour=14)
    inspections.slot_book(process, slot_id=first.pk, actor=Actor.for_user(case_worker))

    with pytest.raises(SlotTaken) as refused:
        inspections.slot_book(
            Process.objects.get(pk=process.pk), slot_id=first.pk, actor=Actor.for_party(tenant)
        )
    assert "inzwischen vergeben" in str(refused.value.message)
    with pytest.raises(StepNotActive):  # the step is done: the other time cannot be booked any more
        inspections.slot_book(
            Process.objects.get(pk=process.pk), slot_id=second.pk, actor=Actor.for_party(tenant)
        )
    assert list(process.inspection_slots.filter(booked_at__isnull=False)) == [first]


@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_once_book_one_slot(templates, tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    slots = [offer(process, case_worker, inspector), offer(process, case_worker, inspector, hour=14)]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def book(slot_id):
        try:
            barrier.wait()
            inspections.slot_book(
                Process.objects.get(pk=process.pk), slot_id=slot_id, actor=Actor.for_party(tenant)
            )
            results.append("booked")
        except Exception as error:  # noqa: BLE001 - the refusal is what we count
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(s.pk,)) for s in slots]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == ["StepNotActive", "booked"] or sorted(results) == ["SlotTaken", "booked"]
    assert process.inspection_slots.filter(booked_at__isnull=False).count() == 1


def test_other_tenant_cannot_book(templates, tenant, other_tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    slot = offer(process, case_worker, inspector)
    with pytest.raises(StepNotAllowed):
        inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(other_tenant))


def test_a_slot_in_the_past_cannot_be_offered(templates, tenant, case_worker, inspector):
    process = notice_at_appointment(tenant, case_worker)
    with pytest.raises(SlotInvalid):
        offer(process, case_worker, inspector, days=-1)


def test_the_tenant_is_told_the_booked_date(templates, tenant, case_worker, inspector):
    from notifications.models import OutboxMessage

    process = notice_at_appointment(tenant, case_worker)
    slot = offer(process, case_worker, inspector)
    inspections.slot_book(process, slot_id=slot.pk, actor=Actor.for_party(tenant))

    mail = OutboxMessage.objects.get(kind="inspection_booked")
    assert mail.recipient_party == tenant
    assert timezone.localtime(slot.starts_at).strftime("%d.%m.%Y") in mail.body_text
    assert "Ingo Abnahme" in mail.body_text


def test_the_tenant_is_invited_once_however_many_times_are_offered(templates, tenant, case_worker, inspector):
    from notifications.models import OutboxMessage

    process = notice_at_appointment(tenant, case_worker)
    offer(process, case_worker, inspector)
    offer(process, case_worker, inspector, hour=14)

    mail = OutboxMessage.objects.get(kind="inspection_slots_offered")
    assert mail.recipient_party == tenant
    assert f"/portal/vorgaenge/{process.ticket.reference}/termine/" in mail.body_text


def test_a_co_tenant_is_told_the_times_and_who_books_them(
    templates, tenant, co_tenant, case_worker, inspector
):
    """Only the main tenant books (the step's role); the co-tenant of the home hears of the times without
    being asked to choose one they could not book."""
    from notifications.models import OutboxMessage

    process = notice_at_appointment(tenant, case_worker, co_tenant=co_tenant)
    offer(process, case_worker, inspector)

    to_tenant = OutboxMessage.objects.get(kind="inspection_slots_offered", recipient_party=tenant)
    to_co_tenant = OutboxMessage.objects.get(kind="inspection_slots_offered", recipient_party=co_tenant)
    assert "Bitte wählen Sie im Mieterportal einen der freien Termine aus." in to_tenant.body_text
    assert "Bitte wählen" not in to_co_tenant.subject + to_co_tenant.body_text
    assert "für die Begehung Ihrer Wohnung bieten wir Termine an." in to_co_tenant.body_text
    assert "Den Termin wählt Erika Mustermann im Mieterportal aus." in to_co_tenant.body_text
