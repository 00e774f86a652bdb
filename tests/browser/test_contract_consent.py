"""The consent link of a contract change in Chromium on a phone: the incoming partner opens the link from
their e-mail, reads the addendum's text and agrees; a screenshot lands in test-artifacts/."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from contracts.consent_links import link_resend
from contracts.models import ContractChange
from contracts.requests import move_in_start
from contracts.standard import install
from processes.models import Signature
from processes.notice_consent import consent_token
from tests.factories import PartyFactory, StaffFactory, TenancyFactory
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


def test_a_replaced_link_says_so_on_a_phone(phone, live_server, shot):
    """Staff sent Jonas a new link: the one from the first mail answers with what to do, and nothing to
    press."""
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
    old = consent_token(change.process, change.person)
    link_resend(change, change.person, actor=Actor.for_user(StaffFactory()))
    response = phone.goto(live_server.url + reverse("portal:contract_consent", args=[old]))
    assert response.status == 410
    phone.get_by_text("Dieser Link wurde durch einen neueren ersetzt").wait_for()
    assert phone.get_by_role("button", name="Ich stimme der Änderung zu").count() == 0
    violations = axe_violations(phone)
    assert not violations, describe("replaced consent link", violations)
    shot(phone, "contract-consent-replaced-phone")
    assert not Signature.objects.filter(party=change.person).exists()
