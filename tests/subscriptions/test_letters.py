"""The letters read as written for this agreement: the Kündigungsbestätigung asks for the keys back only
where a parking space or a room was handed over, naming it and the day; the Zusatzvereinbarung speaks of
a minimum term only where there is one. Dates read TT.MM.JJJJ throughout."""

import datetime as dt

import pytest

from notifications.letters import render_letter
from notifications.process_mail.subscriptions import agreement_letter, cancellation_letter
from subscriptions import booking
from tests.letters.pdftools import page_texts
from tickets.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _text(spec) -> str:
    return " ".join(" ".join(page_texts(render_letter(spec))).split())


def _ended(subscription):
    subscription.ends_on = dt.date(2030, 1, 31)
    subscription.notice_received_on = dt.date(2029, 10, 15)
    return subscription


def test_the_parking_space_letters_name_the_space_and_the_term(
    parking, space, tenant, case_worker, next_first
):
    subscription = booking.subscription_book(
        party=tenant, service=parking, starts_on=next_first, unit=space, actor=Actor.for_party(tenant)
    )
    agreement = _text(agreement_letter(subscription))
    assert "nach Ablauf der Mindestlaufzeit mit der genannten Frist kündigen" in agreement
    # Dates read TT.MM.JJJJ like the letter's date line (DIN 5008), not spelled out.
    assert f"Beginn {next_first:%d.%m.%Y}" in agreement and f"ab dem {next_first:%d.%m.%Y}" in agreement
    cancellation = _text(cancellation_letter(_ended(subscription)))
    assert (
        "Bitte geben Sie bis zum 31.01.2030 alle Schlüssel und Handsender zum Stellplatz P1 zurück"
        in cancellation
    )


def test_garden_care_letters_ask_for_no_keys_and_know_no_minimum_term(garden, tenant, next_first):
    subscription = booking.subscription_book(
        party=tenant, service=garden, starts_on=next_first, actor=Actor.for_party(tenant)
    )
    agreement = _text(agreement_letter(subscription))
    assert (
        "jederzeit mit der genannten Frist kündigen" in agreement and "Mindestlaufzeit mit" not in agreement
    )
    cancellation = _text(cancellation_letter(_ended(subscription)))
    assert "Die Vereinbarung endet am 31.01.2030." in cancellation
    assert "Schlüssel" not in cancellation and "Stellplatz" not in cancellation
