"""Our own error pages: the site's layout, the reader's language, the hotline; 'not allowed' is a 404."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from config import errors
from tests.factories import StaffFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("kaputt")


urlpatterns = [path("boom/", _boom)]
handler500 = errors.server_error


def test_an_unknown_page_is_our_404_in_german_with_the_hotline(client):
    response = client.get("/portal/gibt-es-nicht/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in page
    assert settings.COMPANY["hotline"] in page


def test_the_404_speaks_the_readers_language(client):
    response = client.get("/portal/gibt-es-nicht/", headers={"accept-language": "nl"})
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" not in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_is_our_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Bei uns ist etwas schiefgegangen" in response.content.decode()


def test_staff_without_a_permission_get_404_not_403(client):
    client.force_login(StaffFactory(roles=["Sachbearbeitung"]))
    response = client.get("/backoffice/druckstapel/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_a_form_sent_from_a_stale_page_gets_our_csrf_page(case_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(case_worker)
    ticket = TicketFactory()
    response = client.post(f"/backoffice/meldungen/{ticket.reference}/vertraulich/", {"vertraulich": "1"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, tenant, case_worker):
    client.force_login(tenant.user)
    response = client.get("/portal/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    client.force_login(case_worker)
    response = client.get("/backoffice/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_stay_cacheable(client):
    response = client.get("/portal/anmelden/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_api_client_gets_problem_details_where_django_refuses_first(client):
    response = client.get("/api/v1/gibt-es-nicht-und-nie")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert errors.bad_request(RequestFactory().post("/api/v1/tickets"))["Content-Type"] == (
        "application/problem+json"
    )
    assert "text/html" in errors.bad_request(RequestFactory().post("/portal/melden/"))["Content-Type"]
