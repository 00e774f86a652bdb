"""The consent link of a contract change in Chromium on a phone: the incoming partner opens the link from
their e-mail, reads the addendum's text and agrees; a screenshot lands in test-artifacts/."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractChange
from contracts.requests import move_in_start
from contracts.standard import install
from processes.models import Signature
from processes.notice_consent import consent_token
from tests.factories import PartyFactory, TenancyFactory
from tickets.actors import Actor

from .axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_incoming_partner_agrees_on_a_phone(phone, live_server, shot):
    install(apps)
    erika = TenancyFactory(party=PartyFactory(first_name="Erika", last_name="Mustermann")).party
    change = move_in_start(
        party=erika,
        actor=Actor.for_party(erika),
        first_name="Jonas",
        last_name="Berger",
        email="jonas@example.org",
        relation=ContractChange.Relation.PARTNER,
        effective_date=timezone.localdate() + dt.timedelta(days=30),
    )
    jonas = change.person
    phone.goto(
        live_server.url + reverse("portal:contract_consent", args=[consent_token(change.process, jonas)])
    )
    phone.get_by_role("heading", name="Zustimmung zur Änderung des Mietvertrags").wait_for()
    assert "Aufnahme von Jonas Berger" in phone.locator("#consent-text").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    violations = axe_violations(phone)
    assert not violations, describe("consent page", violations)
    shot(phone, "contract-consent-phone")
    phone.get_by_role("button", name="Ich stimme der Änderung zu").click()
    phone.get_by_text("Ihre Zustimmung ist gespeichert").wait_for()
    shot(phone, "contract-consent-agreed-phone")
    assert Signature.objects.filter(party=jonas, process=change.process).exists()
