import re

import pytest
from django.urls import reverse

from tests.factories import PartyFactory, TenancyFactory

pytestmark = pytest.mark.django_db


def ask_for_link(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("portal:login"), {"email": email}, REMOTE_ADDR="192.0.2.1")


def link_path(mail) -> str:
    return re.search(r"https?://[^/]+(/portal/anmelden/link/[\w-]+/)", mail.body).group(1)


@pytest.fixture
def resident(db):
    return TenancyFactory(party=PartyFactory(email="erika@example.org")).party


def test_known_and_unknown_address_get_the_same_answer(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    known = ask_for_link(client, "erika@example.org", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("portal:login_sent")
    assert len(mailoutbox) == 2


def test_three_scanner_gets_then_the_post_still_signs_in(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    for _ in range(3):
        page = client.get(path)
        assert page.status_code == 200
        assert "Anmelden" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    resident.refresh_from_db()
    assert client.session["_auth_user_id"] == str(resident.user.pk)
    # Signed in under the backend that loads the user with their party (accounts.backends).
    assert client.session["_auth_user_backend"] == "accounts.backends.UserWithPartyBackend"
    assert client.get(reverse("portal:home")).status_code == 200


def test_used_link_shows_a_friendly_page(client, resident, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    client.post(path)
    again = client.post(path)
    assert again.status_code == 410
    assert "Neuen Link anfordern" in again.content.decode()


def test_superseded_link_shows_a_friendly_page(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    old = client.get(link_path(mailoutbox[0]))
    assert old.status_code == 410
    assert "neueren Link" in old.content.decode()


def test_tampered_token_shows_a_friendly_page(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for response in (client.get(tampered), client.post(tampered), client.get("/portal/anmelden/link/x/")):
        assert response.status_code == 400
        assert "Neuen Link anfordern" in response.content.decode()


def test_another_persons_link_signs_in_as_that_person_only(
    client, tenant, resident, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(tenant.user)
    old_key = client.session.session_key
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    client.post(link_path(mailoutbox[0]))
    resident.refresh_from_db()
    session = client.session
    assert session.session_key != old_key
    assert session["_auth_user_id"] == str(resident.user.pk)
    assert resident.user != tenant.user


def test_signing_in_rotates_the_session_key(client, resident, mailoutbox, django_capture_on_commit_callbacks):
    client.get(reverse("portal:login"))
    ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    client.post(link_path(mailoutbox[0]))
    assert client.cookies["sessionid"].value != before


def test_too_many_requests_get_a_friendly_429(client, resident, settings, django_capture_on_commit_callbacks):
    settings.MAGIC_LINK_RATE_PER_ADDRESS = 2
    for _ in range(2):
        assert ask_for_link(client, resident.email, django_capture_on_commit_callbacks).status_code == 302
    response = ask_for_link(client, resident.email, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Bitte warten Sie" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(tenant, client):
    client.force_login(tenant.user)
    assert client.get(reverse("portal:logout")).status_code == 405
    client.post(reverse("portal:logout"))
    assert "_auth_user_id" not in client.session


def test_portal_asks_strangers_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
