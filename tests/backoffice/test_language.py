"""The back-office's language switch: the choice is stored with the staff member and follows them."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def switch(client, language: str, next_url: str = "/backoffice/"):
    return client.post(reverse("backoffice:language"), {"language": language, "next": next_url})


def test_staff_who_switch_to_english_see_the_queue_in_english_on_the_next_request(staff_client, case_worker):
    response = switch(staff_client, "en", reverse("backoffice:queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:queue")

    html = staff_client.get(reverse("backoffice:queue")).content.decode()
    assert "Work queue" in html and "Arbeitskorb" not in html
    assert 'value="en" lang="en" title="English" aria-current="true"' in html
    case_worker.refresh_from_db()
    assert case_worker.language == "en"


def test_the_choice_holds_after_signing_in_again_on_another_browser(staff_client, case_worker):
    switch(staff_client, "nl")
    staff_client.post(reverse("backoffice:signout"))

    elsewhere = Client(headers={"accept-language": "de"})
    elsewhere.force_login(case_worker)
    html = elsewhere.get(reverse("backoffice:queue")).content.decode()
    assert "Werkbak" in html and "Arbeitskorb" not in html


def test_the_sign_in_page_after_signing_out_stays_in_the_chosen_language(staff_client):
    switch(staff_client, "en")
    staff_client.post(reverse("backoffice:signout"))
    assert staff_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_staff_who_never_switched_work_in_german(staff_client):
    html = staff_client.get(reverse("backoffice:queue"), headers={"accept-language": "en"}).content.decode()
    assert "Arbeitskorb" in html


def test_a_language_the_site_does_not_offer_is_refused(staff_client, case_worker):
    assert switch(staff_client, "fr").status_code == 400
    case_worker.refresh_from_db()
    assert case_worker.language == "de"


def test_the_switch_does_not_send_anyone_to_another_site(staff_client):
    response = switch(staff_client, "en", "https://example.org/")
    assert response["Location"] == reverse("backoffice:queue")


def test_the_switch_answers_only_a_post(staff_client):
    assert staff_client.get(reverse("backoffice:language")).status_code == 405


def test_a_tenant_keeps_the_portal_language_of_the_browser(client, tenant):
    client.force_login(tenant.user)
    html = client.get(reverse("portal:home"), headers={"accept-language": "nl"}).content.decode()
    assert "Huurdersportaal" in html


def test_the_sign_in_page_has_the_switch_and_keeps_the_choice_in_the_cookie(client):
    html = client.get(reverse("backoffice:signin")).content.decode()
    assert f'action="{reverse("set_language")}"' in html and 'value="nl" lang="nl"' in html
    client.post(reverse("set_language"), {"language": "nl", "next": reverse("backoffice:signin")})
    assert "Inloggen" in client.get(reverse("backoffice:signin")).content.decode()
