"""The generic process pages lead to the Zusatzleistungen pages, and a decision taken on the staff's
process page (or cancelling the process there) moves the agreement as our own page would."""

import pytest
from django.urls import reverse

from subscriptions import booking
from subscriptions.models import Subscription
from tests.factories import PartyFactory
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(parking, space, tenant, next_first):
    return booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )


def test_process_pages_link_to_the_agreement(client, waiting, tenant, case_worker):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:process", args=[waiting.reference])).content.decode()
    assert reverse("portal:subscriptions") in page
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:process", args=[waiting.reference])).content.decode()
    assert reverse("backoffice:subscription", args=[waiting.pk]) in page


def test_confirming_on_the_process_page_confirms_the_agreement(client, waiting, case_worker):
    client.force_login(case_worker)
    client.post(
        reverse("backoffice:process_step", args=[waiting.reference, "confirmation"]),
        {"version": waiting.process.version, "action": "complete", "outcome": "confirmed"},
    )
    waiting.refresh_from_db()
    assert waiting.state == Subscription.State.ACTIVE


def test_refusing_on_the_process_page_needs_a_reason(client, waiting, case_worker):
    client.force_login(case_worker)
    url = reverse("backoffice:process_step", args=[waiting.reference, "confirmation"])
    answer = client.post(
        url, {"version": waiting.process.version, "action": "complete", "outcome": "refused"}
    )
    assert answer.status_code == 400
    waiting.refresh_from_db()
    assert waiting.state == Subscription.State.REQUESTED
    client.post(
        url,
        {"version": waiting.process.version, "action": "complete", "outcome": "refused", "note": "Gesperrt"},
    )
    waiting.refresh_from_db()
    assert waiting.state == Subscription.State.REFUSED and waiting.reason == "Gesperrt"


def test_cancelling_the_booking_process_withdraws_it_and_frees_the_space(
    client, waiting, parking, case_worker
):
    client.force_login(case_worker)
    client.post(
        reverse("backoffice:process_cancel", args=[waiting.reference]),
        {"version": waiting.process.version, "reason": "Auf Wunsch der Mieterin zurückgezogen"},
    )
    waiting.refresh_from_db()
    assert waiting.state == Subscription.State.WITHDRAWN
    assert booking.free_units(parking, waiting.property).count() == 1


def test_staff_enter_a_booking_for_a_tenant_who_calls(
    client, parking, space, tenant, case_worker, next_first
):
    client.force_login(case_worker)
    person = client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    url = reverse("backoffice:subscription_new", args=[tenant.pk])
    assert url in person
    form = client.get(url).content.decode()
    assert "Stellplatz in der Tiefgarage" in form and "P1" in form
    bad = client.post(url, {"service": parking.pk, "starts_on": next_first.isoformat()})
    assert bad.status_code == 400 and "Bitte wählen Sie einen freien Platz aus." in bad.content.decode()
    assert f'value="{next_first.isoformat()}"' in bad.content.decode()  # the date input keeps the date
    answer = client.post(url, {"service": parking.pk, "starts_on": next_first.isoformat(), "unit": space.pk})
    subscription = Subscription.objects.get()
    assert answer["Location"] == reverse("backoffice:subscription", args=[subscription.pk])
    assert subscription.state == Subscription.State.REQUESTED and subscription.unit == space
    assert subscription.process.ticket.channel == "staff"
    client.force_login(tenant.user)
    assert "wartet auf Bestätigung" in client.get(reverse("portal:subscriptions")).content.decode()


def test_the_staff_page_states_the_terms_in_words(client, waiting, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:subscription", args=[waiting.pk])).content.decode()
    assert "<dt>Mindestlaufzeit</dt><dd>12 Monate</dd>" in page
    assert "<dt>Kündigungsfrist</dt><dd>3 Monate zum Monatsende</dd>" in page
    assert "<dt>Ende</dt>" not in page  # no end yet: no empty row


def test_the_tenants_process_page_says_which_agreement_it_is_about(client, waiting, tenant, case_worker):
    client.force_login(tenant.user)
    page = client.get(reverse("portal:process", args=[waiting.reference])).content.decode()
    facts = page.split('id="subscription-facts">')[1].split("</dl>")[0]
    assert "Stellplatz in der Tiefgarage · Stellplatz P1" in facts and "35,00 € monatlich" in facts
    assert "wartet auf Bestätigung" in facts

    booking.subscription_decide(waiting, actor=Actor.for_user(case_worker), confirm=True)
    end = booking.notice_earliest_end(waiting)
    waiting = booking.subscription_cancel(waiting, actor=Actor.for_party(tenant), ends_on=end)
    notice = waiting.cancel_process.ticket.reference
    booking.subscription_decide(
        waiting, actor=Actor.for_user(case_worker), confirm=False, reason="Die Kündigung kam zu spät."
    )
    page = client.get(reverse("portal:process", args=[notice])).content.decode()
    facts = page.split('id="subscription-facts">')[1].split("</dl>")[0]
    assert "Stellplatz in der Tiefgarage" in facts and "Die Kündigung kam zu spät." in facts
    # The booking's page does not carry the notice's reason.
    page = client.get(reverse("portal:process", args=[waiting.reference])).content.decode()
    assert "Die Kündigung kam zu spät." not in page.split('id="subscription-facts">')[1].split("</dl>")[0]


def test_staff_pages_name_the_tenant_by_salutation_not_with_a_slash(client, waiting, tenant, case_worker):
    tenant.salutation = "Frau"
    tenant.save(update_fields=["salutation"])
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:subscription", args=[waiting.pk])).content.decode()
    assert "Begründung für die Mieterin" in page and "/ den Mieter" not in page
    answer = client.post(
        reverse("backoffice:subscription_refuse", args=[waiting.pk]),
        {"version": waiting.process.version, "reason": "Gesperrt"},
        follow=True,
    )
    assert "Abgelehnt; die Mieterin erfährt den Grund." in answer.content.decode()
    assert "(Beginn " in answer.content.decode()  # the history says when the booking was to begin
    form = client.get(reverse("backoffice:subscription_new", args=[tenant.pk])).content.decode()
    assert "Für einen Anruf oder ein Schreiben der Mieterin (" in form and "/ des Mieters" not in form


def test_booking_for_a_person_without_a_tenancy_says_why(client, subscription_templates, case_worker):
    owner = PartyFactory(last_name="Eigentümer")
    client.force_login(case_worker)
    url = reverse("backoffice:subscription_new", args=[owner.pk])
    answer = client.get(url)
    assert answer.status_code == 409
    assert "Für diese Person ist heute kein Mietverhältnis erfasst." in answer.content.decode()
    assert client.post(url, {"starts_on": "2030-01-01"}).status_code == 409
    assert not Subscription.objects.exists()


def test_a_booking_whose_start_has_passed_while_waiting_warns_staff(client, waiting, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("backoffice:subscription", args=[waiting.pk])).content.decode()
    assert 'id="start-passed"' not in page
    past = waiting.starts_on.replace(year=waiting.starts_on.year - 1)
    Subscription.objects.filter(pk=waiting.pk).update(starts_on=past)
    page = client.get(reverse("backoffice:subscription", args=[waiting.pk])).content.decode()
    assert f"Der gewünschte Beginn ({past:%d.%m.%Y}) ist schon vorbei." in page
