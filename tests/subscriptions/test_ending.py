"""An agreement past its last day ends (the daily task): the ERP reads the change, the parking space is
free for the next tenant; running it again changes nothing. A refused notice tells the tenant the
agreement goes on."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from subscriptions import booking
from subscriptions.models import Subscription, SubscriptionChange
from subscriptions.tasks import end_due
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def test_an_agreement_past_its_end_is_ended_and_frees_its_space(
    parking, space, tenant, case_worker, next_first, today
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    booking.subscription_decide(subscription, actor=Actor.for_user(case_worker), confirm=True)
    # As if the notice had been confirmed long ago: the last day was yesterday.
    Subscription.objects.filter(pk=subscription.pk).update(
        starts_on=dt.date(2020, 1, 1), ends_on=today - dt.timedelta(days=1)
    )
    # Free for the next tenant from the day after the last, whether or not the task has run yet.
    assert booking.free_units(parking, subscription.property).count() == 1

    assert end_due.apply().get() == 1
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.ENDED
    assert subscription.changes.last().kind == SubscriptionChange.Kind.ENDED
    assert booking.free_units(parking, subscription.property).count() == 1
    assert end_due.apply().get() == 0


def test_a_refused_notice_tells_the_tenant_the_agreement_goes_on(
    client, garden, tenant, case_worker, next_first
):
    subscription = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    garden.needs_confirmation = True
    garden.save()
    end = booking.notice_earliest_end(subscription)
    subscription = booking.subscription_cancel(subscription, actor=Actor.for_party(tenant), ends_on=end)
    booking.subscription_decide(
        subscription, actor=Actor.for_user(case_worker), confirm=False, reason="Die Kündigung kam zu spät."
    )
    mail = OutboxMessage.objects.get(kind="subscription_refused", recipient_party=tenant)
    assert "Begründung: Die Kündigung kam zu spät." in mail.body_text
    assert "Ihre Zusatzvereinbarung läuft daher unverändert weiter." in mail.body_text
    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "<dt>Kündigung abgelehnt</dt><dd>Die Kündigung kam zu spät.</dd>" in page
