"""The whole life of a parking space agreement through the pages: the tenant books, staff confirm, the
Zusatzvereinbarung is read back (mail and PDF), the ERP sees it, the tenant gives notice with the earliest
lawful end shown, staff confirm the end, the tenant reads the confirmation. And garden care, which needs
no confirmation, is agreed at once."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.formats import date_format

from api.models import Scope
from notifications.models import OutboxMessage
from processes.models import Process
from subscriptions import booking
from subscriptions.models import Subscription
from tests.api.conftest import ApiClient, make_integration
from tests.letters.pdftools import page_texts

from .conftest import later_first

pytestmark = pytest.mark.django_db


def _day(day) -> str:
    return date_format(day, "DATE_FORMAT")


@pytest.mark.pdf
def test_tenant_books_staff_confirm_erp_sees_tenant_cancels_staff_confirm_the_end(
    client, parking, space, tenant, case_worker, next_first
):
    client.force_login(tenant.user)
    offer = client.get(reverse("portal:subscriptions")).content.decode()
    assert "Stellplatz in der Tiefgarage" in offer and "35,00 € monatlich" in offer

    form = client.get(reverse("portal:subscription_book", args=["stellplatz"])).content.decode()
    assert "P1" in form
    booked = client.post(
        reverse("portal:subscription_book", args=["stellplatz"]),
        {"starts_on": next_first.isoformat(), "unit": space.pk},
    )
    assert booked.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.state == Subscription.State.REQUESTED and subscription.unit == space
    received = OutboxMessage.objects.get(kind="subscription_received", recipient_party=tenant)
    assert "ist bei uns eingegangen" in received.body_text
    mine = client.get(reverse("portal:subscriptions")).content.decode()
    assert "wartet auf Bestätigung" in mine

    # Staff: the waiting booking heads the list; confirm it on its page.
    client.force_login(case_worker)
    listing = client.get(reverse("backoffice:subscriptions")).content.decode()
    assert subscription.reference in listing.split("Zusatzvereinbarungen</h2>")[0]
    page = client.get(reverse("backoffice:subscription", args=[subscription.pk])).content.decode()
    assert "Buchung bestätigen" in page
    version = subscription.process.version
    confirmed = client.post(
        reverse("backoffice:subscription_confirm", args=[subscription.pk]), {"version": version}
    )
    assert confirmed.status_code == 302
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.ACTIVE
    assert Process.objects.get(pk=subscription.process_id).state == Process.State.DONE

    mail = OutboxMessage.objects.get(kind="subscription_agreement", recipient_party=tenant)
    assert "Zusatzvereinbarung: Stellplatz in der Tiefgarage" in mail.subject
    assert f"Beginn: {_day(next_first)}" in mail.body_text and "35,00 € monatlich" in mail.body_text
    assert "Kündigungsfrist: 3 Monate zum Monatsende" in mail.body_text

    client.force_login(tenant.user)
    pdf = client.get(reverse("portal:subscription_agreement", args=[subscription.reference]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page_texts(pdf.content)).split())
    assert "Zusatzvereinbarung zum Mietvertrag: Stellplatz in der Tiefgarage" in text
    assert "35,00 € monatlich" in text and f"{next_first:%d.%m.%Y}" in text and "P1" in text

    # The ERP reads the agreement with its history.
    cache.clear()
    erp = ApiClient(make_integration(Scope.SUBSCRIPTIONS, name="ERP")[1])
    [row] = erp.get("/subscriptions").json()["items"]
    assert row["state"] == "active" and row["monthly_price"] == "35.00" and row["unit_number"] == "P1"
    assert row["starts_on"] == next_first.isoformat()
    assert [c["kind"] for c in row["changes"]] == ["requested", "confirmed"]

    # Notice: the earliest lawful end is shown; the minimum term of 12 months decides it here.
    earliest = booking.notice_earliest_end(subscription)
    assert earliest == later_first(12) - dt.timedelta(days=1)
    cancel = client.get(reverse("portal:subscription_cancel", args=[subscription.reference])).content.decode()
    assert _day(earliest) in cancel
    given = client.post(
        reverse("portal:subscription_cancel", args=[subscription.reference]),
        {"ends_on": earliest.isoformat()},
    )
    assert given.status_code == 302
    subscription.refresh_from_db()
    assert subscription.requested_end == earliest and subscription.ends_on is None
    assert "Kündigung wartet auf Bestätigung" in client.get(reverse("portal:subscriptions")).content.decode()

    client.force_login(case_worker)
    waiting = client.get(reverse("backoffice:subscriptions")).content.decode()
    assert "Kündigung zum" in waiting
    version = subscription.cancel_process.version
    client.post(reverse("backoffice:subscription_confirm", args=[subscription.pk]), {"version": version})
    subscription.refresh_from_db()
    assert subscription.ends_on == earliest and subscription.requested_end is None
    mail = OutboxMessage.objects.get(kind="subscription_cancellation", recipient_party=tenant)
    assert f"endet am {_day(earliest)}" in mail.body_text

    client.force_login(tenant.user)
    pdf = client.get(reverse("portal:subscription_cancellation", args=[subscription.reference]))
    text = " ".join(" ".join(page_texts(pdf.content)).split())
    assert (
        "Bestätigung Ihrer Kündigung: Stellplatz in der Tiefgarage" in text and f"{earliest:%d.%m.%Y}" in text
    )

    row = erp.get("/subscriptions").json()["items"][0]
    assert row["ends_on"] == earliest.isoformat()
    assert [c["kind"] for c in row["changes"]][-2:] == ["notice_given", "notice_confirmed"]


def test_a_service_without_confirmation_is_agreed_at_once(client, garden, tenant, next_first):
    client.force_login(tenant.user)
    answer = client.post(
        reverse("portal:subscription_book", args=["gartenpflege"]), {"starts_on": next_first}
    )
    assert answer.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.state == Subscription.State.ACTIVE
    mail = OutboxMessage.objects.get(kind="subscription_agreement", recipient_party=tenant)
    assert "12,50 € monatlich, inkl. 19 % USt." in mail.body_text
    assert not OutboxMessage.objects.filter(kind="subscription_received").exists()


def test_a_tenant_who_wants_post_gets_the_agreement_as_a_letter(client, garden, tenant, next_first):
    tenant.prefers_letters = True
    tenant.save(update_fields=["prefers_letters"])
    client.force_login(tenant.user)
    client.post(reverse("portal:subscription_book", args=["gartenpflege"]), {"starts_on": next_first})
    letter = OutboxMessage.objects.get(kind="subscription_agreement")
    assert letter.channel == OutboxMessage.Channel.LETTER
    assert letter.letter["template"] == "letters/subscription_agreement.html"


def test_staff_refuse_with_a_reason_the_tenant_reads(client, parking, space, tenant, case_worker, next_first):
    client.force_login(tenant.user)
    client.post(
        reverse("portal:subscription_book", args=["stellplatz"]),
        {"starts_on": next_first, "unit": space.pk},
    )
    subscription = Subscription.objects.get()
    client.force_login(case_worker)
    url = reverse("backoffice:subscription_refuse", args=[subscription.pk])
    version = subscription.process.version
    without = client.post(url, {"version": version})
    assert without.status_code == 400 and "Bitte geben Sie eine Begründung an." in without.content.decode()
    client.post(url, {"version": version, "reason": "Der Stellplatz ist für den Umbau gesperrt."})
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.REFUSED
    mail = OutboxMessage.objects.get(kind="subscription_refused", recipient_party=tenant)
    assert "Der Stellplatz ist für den Umbau gesperrt." in mail.body_text
    # The space is free again.
    assert booking.free_units(parking, subscription.property).count() == 1
