"""Bad input gets a clear German message and a 400 with nothing stored; a service not offered where the
tenant lives is a 404; a decision on a page someone else has meanwhile decided is a 409."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from processes.models import Process
from subscriptions import booking
from subscriptions.models import Subscription, SubscriptionChange
from tests.factories import PropertyFactory
from tickets.actors import Actor
from tickets.models import Ticket

from .conftest import ServiceFactory, later_first

pytestmark = pytest.mark.django_db


def _nothing_stored():
    assert not Subscription.objects.exists()
    assert not Process.objects.exists() and not Ticket.objects.exists()


def _book(client, code, **data):
    return client.post(reverse("portal:subscription_book", args=[code]), data)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (lambda today: today - dt.timedelta(days=1), "Der Beginn darf nicht in der Vergangenheit liegen."),
        (
            lambda today: later_first(1) + dt.timedelta(days=1),
            "Diese Leistung beginnt immer am Ersten eines Monats",
        ),
        (lambda today: later_first(14), "innerhalb der nächsten 12 Monate"),
        (lambda today: "31.02.2027", "Bitte geben Sie ein gültiges Datum ein."),
    ],
)
def test_bad_start_dates_are_refused_and_nothing_is_stored(client, garden, tenant, today, start, message):
    client.force_login(tenant.user)
    answer = _book(client, "gartenpflege", starts_on=start(today))
    assert answer.status_code == 400
    assert message in answer.content.decode()
    _nothing_stored()


def test_a_parking_service_without_a_chosen_space_is_refused(client, parking, tenant, next_first):
    client.force_login(tenant.user)
    answer = _book(client, "stellplatz", starts_on=next_first)
    assert answer.status_code == 400
    assert "Bitte wählen Sie einen freien Platz aus." in answer.content.decode()
    _nothing_stored()


def test_a_service_offered_only_elsewhere_answers_404(client, subscription_templates, tenant, next_first):
    elsewhere = ServiceFactory(code="hausmeister-plus", all_properties=False)
    elsewhere.properties.add(PropertyFactory())
    client.force_login(tenant.user)
    assert client.get(reverse("portal:subscription_book", args=["hausmeister-plus"])).status_code == 404
    assert _book(client, "hausmeister-plus", starts_on=next_first).status_code == 404
    assert "hausmeister-plus" not in client.get(reverse("portal:subscriptions")).content.decode()
    _nothing_stored()


def test_an_inactive_or_unknown_service_answers_404(client, garden, tenant, next_first):
    garden.is_active = False
    garden.save()
    client.force_login(tenant.user)
    assert _book(client, "gartenpflege", starts_on=next_first).status_code == 404
    assert client.get(reverse("portal:subscription_book", args=["gibt-es-nicht"])).status_code == 404


def test_another_tenants_agreement_answers_404(client, garden, tenant, other_tenant, next_first):
    subscription = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    client.force_login(other_tenant.user)
    url = reverse("portal:subscription_cancel", args=[subscription.reference])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("portal:subscription_agreement", args=[subscription.reference])).status_code == 404
    )


def test_a_notice_earlier_than_the_lawful_end_is_refused_and_nothing_is_stored(
    client, garden, tenant, next_first
):
    subscription = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    earliest = booking.notice_earliest_end(subscription)
    client.force_login(tenant.user)
    url = reverse("portal:subscription_cancel", args=[subscription.reference])
    too_early = earliest.replace(day=1) - dt.timedelta(days=1)
    answer = client.post(url, {"ends_on": too_early.isoformat()})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "So früh ist eine Kündigung nicht möglich." in page
    assert (
        f"Frühestes Ende nach Kündigungsfrist und Mindestlaufzeit: {date_format(earliest, 'DATE_FORMAT')}"
        in page
    )
    not_a_month_end = earliest + dt.timedelta(days=3)
    answer = client.post(url, {"ends_on": not_a_month_end.isoformat()})
    assert answer.status_code == 400 and "endet immer am Letzten eines Monats" in answer.content.decode()
    subscription.refresh_from_db()
    assert subscription.requested_end is None and subscription.cancel_process is None
    assert not Process.objects.filter(template__code="zusatzleistung_kuendigung").exists()
    assert not SubscriptionChange.objects.filter(kind="notice_given").exists()


def test_a_stale_confirmation_is_a_conflict(client, parking, space, tenant, case_worker, next_first):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    shown = subscription.process.version
    # A colleague refuses meanwhile, from another page.
    booking.subscription_decide(
        subscription, actor=Actor.for_user(case_worker), confirm=False, reason="Umbau"
    )
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:subscription_confirm", args=[subscription.pk]), {"version": shown}
    )
    assert answer.status_code == 409
    assert "in der Zwischenzeit geändert" in answer.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.REFUSED


def test_a_stale_version_on_a_still_waiting_booking_is_a_conflict(
    client, parking, space, tenant, case_worker, next_first
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    client.force_login(case_worker)
    answer = client.post(
        reverse("backoffice:subscription_confirm", args=[subscription.pk]),
        {"version": subscription.process.version - 1},
    )
    assert answer.status_code == 409
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.REQUESTED


def test_the_same_service_twice_is_refused(client, garden, tenant, next_first):
    booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    client.force_login(tenant.user)
    answer = _book(client, "gartenpflege", starts_on=later_first(1))
    assert answer.status_code == 409
    assert "bereits gebucht" in answer.content.decode()
    assert Subscription.objects.count() == 1
