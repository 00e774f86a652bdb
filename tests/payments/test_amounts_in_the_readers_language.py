"""An amount reads as the reader writes it, in mails and on pages: 45,00 € in German, €45.00 in English,
€ 45,00 in Dutch (estate.money, the one formatting)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from estate.money import amount_number, euro
from notifications.models import OutboxMessage
from payments.reminders import send_reminders
from payments.requests import request_create
from tickets.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "small", "large", "negative"),
    [
        ("de", "45,00 €", "1.234,50 €", "-5,00 €"),
        ("en", "€45.00", "€1,234.50", "-€5.00"),
        ("nl", "€ 45,00", "€ 1.234,50", "-€ 5,00"),
    ],
)
def test_euro_follows_the_language(language, small, large, negative):
    assert euro(Decimal("45"), language=language) == small
    assert euro("1234.5", language=language) == large
    assert euro(Decimal("-5"), language=language) == negative
    with translation.override(language):
        assert euro(Decimal("45")) == small


def test_the_number_alone_for_a_table_whose_column_says_euro():
    assert amount_number(Decimal("1234.5"), language="de") == "1.234,50"
    assert amount_number(Decimal("1234.5"), language="en") == "1,234.50"


@pytest.mark.parametrize(("language", "written"), [("en", "€45.00"), ("nl", "€ 45,00"), ("de", "45,00 €")])
def test_the_payment_request_mail_writes_the_amount_in_the_tenants_language(
    money_templates, tenant, case_worker, language, written
):
    tenant.language = language
    tenant.save(update_fields=["language"])
    payment = request_create(
        party=tenant,
        amount=Decimal("45.00"),
        purpose="Ersatzschlüssel",
        due_date=timezone.localdate() + dt.timedelta(days=14),
        actor=Actor.for_user(case_worker),
    )
    mail = OutboxMessage.objects.get(kind="payment_request", recipient_party=tenant)
    assert written in mail.subject and written in mail.body_text
    assert "45.00 €" not in mail.body_text

    send_reminders(today=payment.due_date + dt.timedelta(days=7))
    reminder = OutboxMessage.objects.get(kind="payment_reminder", recipient_party=tenant)
    assert written in reminder.subject and written in reminder.body_text


@pytest.mark.parametrize(("language", "written"), [("de", "45,00 €"), ("en", "€45.00"), ("nl", "€ 45,00")])
def test_the_portal_page_writes_the_amount_in_the_page_language(client, tenant, payment, language, written):
    client.force_login(tenant.user)
    client.cookies["django_language"] = language
    url = reverse("portal:payment", args=[payment.reference])
    html = client.get(url).content.decode()
    assert html.count(written) == 2  # the amount asked, and the amount of the transfer to copy
    assert html.count(written) == 2
    assert written in client.get(reverse("portal:payments")).content.decode()


def test_the_staff_page_writes_the_amount_in_the_staff_language(client, case_worker, payment):
    case_worker.language = "en"
    case_worker.save(update_fields=["language"])
    client.force_login(case_worker)
    assert "€45.00" in client.get(reverse("backoffice:payment", args=[payment.reference])).content.decode()


def test_the_360_view_lists_the_request_in_the_staff_language(client, case_worker, payment, tenant):
    case_worker.language = "en"
    case_worker.save(update_fields=["language"])
    client.force_login(case_worker)
    assert (
        "€45.00 – Ersatzschlüssel Haustür"
        in client.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    )
