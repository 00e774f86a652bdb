"""When the Kündigung of the home is confirmed, the agreements at that home end with the tenancy: the
end date is set, the ERP reads the change, the tenant is told; no Kündigungsbestätigung is offered for an
end the tenant never gave notice of. A notice or a booking still waiting for staff is overtaken too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from processes import notice
from processes.models import Process
from subscriptions import booking
from subscriptions.dates import add_months
from subscriptions.models import Subscription, SubscriptionChange
from tests.processes.conftest import templates  # noqa: F401  (fixture: the standard process templates)
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


def test_an_agreement_ends_with_the_tenancy(client, templates, garden, tenant, case_worker, next_first):  # noqa: F811
    agreement = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    move_out = notice.earliest_end(timezone.localdate(), state="BE")
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )
    agreement.refresh_from_db()
    assert agreement.ends_on is None  # only a confirmed Kündigung ends it

    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    agreement.refresh_from_db()
    assert agreement.ends_on == max(move_out, agreement.starts_on)
    assert agreement.changes.last().kind == SubscriptionChange.Kind.TENANCY_ENDS
    mail = OutboxMessage.objects.get(kind="subscription_tenancy_ends", recipient_party=tenant)
    assert "endet auch Ihre Zusatzvereinbarung „Gartenpflege“" in mail.body_text

    client.force_login(tenant.user)
    page = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Zusatzvereinbarung (PDF)" in page and "Kündigungsbestätigung (PDF)" not in page
    pdf = reverse("portal:subscription_cancellation", args=[agreement.reference])
    assert client.get(pdf).status_code == 404


def test_a_notice_still_waiting_is_closed_when_the_tenancy_ends(
    templates,  # noqa: F811
    garden,
    tenant,
    case_worker,
    next_first,
):
    agreement = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    garden.needs_confirmation = True
    garden.save()
    later = booking.notice_earliest_end(agreement).replace(year=next_first.year + 3)
    agreement = booking.subscription_cancel(agreement, actor=Actor.for_party(tenant), ends_on=later)
    waiting = agreement.cancel_process
    move_out = notice.earliest_end(timezone.localdate(), state="BE")
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    agreement.refresh_from_db()
    waiting.refresh_from_db()
    assert agreement.requested_end is None and agreement.ends_on == max(move_out, agreement.starts_on)
    assert waiting.state == Process.State.CANCELLED
    assert booking.awaiting_process(agreement) is None


def test_bookings_still_waiting_end_with_the_tenancy_or_are_withdrawn(
    templates,  # noqa: F811
    parking,
    space,
    garden,
    tenant,
    case_worker,
    next_first,
):
    garden.needs_confirmation = True
    garden.save()
    move_out = notice.earliest_end(timezone.localdate(), state="BE")
    before = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    after_start = add_months(move_out.replace(day=1), 1)
    after = booking.subscription_book(
        party=tenant, service=parking, starts_on=after_start, unit=space, actor=Actor.for_party(tenant)
    )
    process = notice.notice_give(
        tenant=tenant,
        actor=Actor.for_party(tenant),
        move_out_date=move_out,
        reason=notice.Reason.MOVING,
        forwarding={"street": "Neue Straße 5", "postcode": "10115", "city": "Berlin"},
    )
    notice.notice_confirm(process, actor=Actor.for_user(case_worker))
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.starts_on <= move_out  # garden care begins next month, the tenant moves out later
    assert before.state == Subscription.State.REQUESTED and before.ends_on == move_out
    assert after.state == Subscription.State.WITHDRAWN
    assert Process.objects.get(pk=after.process_id).state == Process.State.CANCELLED
    assert booking.free_units(parking, space.building.property).count() == 1
