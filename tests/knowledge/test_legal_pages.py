"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: the admin's text in the reader's
language, linked from every footer: portal, back-office, the contractor's page and every e-mail."""

import pytest
from django.urls import reverse

from accounts.magic import link_request
from knowledge.models import LegalText
from notifications.emails import render
from tests.factories import ContractorFactory, StaffFactory, TicketFactory
from tickets import workflow
from tickets.actors import Actor
from tickets.models import WorkOrder
from tickets.work_orders import make_token

from .factories import LegalTextFactory

pytestmark = pytest.mark.django_db

PAGES = {"portal:imprint": "Impressum", "portal:privacy": "Datenschutzerklärung"}
LINKS = ["/portal/impressum/", "/portal/datenschutz/", "/portal/barrierefreiheit/"]


def test_the_page_shows_the_admins_text_in_the_readers_language(client):
    LegalTextFactory(
        kind=LegalText.Kind.PRIVACY, body_de="<p>Wir schützen Ihre Daten.</p>", body_en="<p>We care.</p>"
    )
    html = client.get(reverse("portal:privacy")).content.decode()
    assert "<h1>Datenschutzerklärung</h1>" in html and "<p>Wir schützen Ihre Daten.</p>" in html
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("portal:privacy")).content.decode()
    assert "<p>We care.</p>" in html


def test_without_a_text_the_imprint_names_the_company_and_the_others_a_way_to_ask(client, settings):
    imprint = client.get(reverse("portal:imprint")).content.decode()
    assert settings.COMPANY["register"] in imprint and settings.COMPANY["board"] in imprint
    accessibility = client.get(reverse("portal:accessibility"))
    assert accessibility.status_code == 200
    assert settings.COMPANY["hotline"] in accessibility.content.decode()


def assert_links(html: str, prefix: str = "") -> None:
    for link in LINKS:
        assert f'href="{prefix}{link}"' in html, link


def test_the_portal_footer_links_them_signed_in_or_not(client, tenant_client):
    assert_links(client.get(reverse("portal:login")).content.decode())
    assert_links(tenant_client.get(reverse("portal:home")).content.decode())


def test_the_backoffice_footer_links_them(client, case_worker):
    client.force_login(case_worker)
    assert_links(client.get(reverse("backoffice:queue")).content.decode())


def test_the_contractors_page_links_them(client, tenant, unit, media):
    ticket = TicketFactory(reporter=tenant, unit=unit, property=unit.building.property)
    workflow.release(ticket, actor=Actor.for_user(StaffFactory()), contractor=ContractorFactory())
    order = WorkOrder.objects.get(ticket=ticket, revoked_at=None)
    html = client.get(reverse("contractor:work_order", args=[make_token(order)])).content.decode()
    assert_links(html)


def test_every_notification_email_links_them_absolutely(settings):
    settings.SITE_URL = "https://portal.example.org"
    mail = render(template="notice", language="de", subject="Test", context={"greeting": "Hallo"})
    assert_links(mail.html, prefix="https://portal.example.org")
    for link in LINKS:
        assert f"https://portal.example.org{link}" in mail.text


def test_the_sign_in_email_links_them(tenant, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        link_request(email=tenant.email, build_url=lambda token: f"https://portal.example.org/l/{token}/")
    (message,) = mailoutbox
    assert "https://portal.example.org/portal/impressum/" in message.body
    assert_links(message.alternatives[0][0], prefix="https://portal.example.org")
