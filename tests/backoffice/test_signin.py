from django.urls import reverse

from tests.factories import StaffFactory, UserFactory

SIGNIN = reverse("backoffice:signin")


PASSWORD = "correct-horse-battery"  # the factories' password


def _post(client, username, password=PASSWORD, **extra):
    return client.post(SIGNIN, {"username": username, "password": password, **extra})


def test_staff_signs_in_with_password_and_lands_on_the_queue(client, db):
    staff = StaffFactory()
    response = _post(client, staff.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:queue")
    assert client.get(reverse("backoffice:queue")).status_code == 200


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, db):
    staff = StaffFactory()
    assert _post(client, staff.username, next="/backoffice/?view=all")["Location"] == "/backoffice/?view=all"
    client.logout()
    assert _post(client, staff.username, next="https://evil.example/")["Location"] == reverse(
        "backoffice:queue"
    )


def test_wrong_password_gets_a_german_error(client, db):
    staff = StaffFactory()
    response = _post(client, staff.username, password="falsch")
    assert response.status_code == 400
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()


def test_a_tenant_cannot_sign_in_to_the_backoffice(client, db):
    tenant = UserFactory()
    response = _post(client, tenant.username)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, db):
    staff = StaffFactory()
    for _ in range(5):
        _post(client, staff.username, password="falsch")
    response = _post(client, staff.username)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_it_for_other_user_names(client, db):
    staff = StaffFactory()
    for n in range(5):
        _post(client, f"geraten{n}", password="falsch")
    assert _post(client, staff.username).status_code == 429


def test_sign_out_needs_a_post(staff_client):
    assert staff_client.get(reverse("backoffice:signout")).status_code == 405
    response = staff_client.post(reverse("backoffice:signout"))
    assert response.status_code == 302
    assert staff_client.get(reverse("backoffice:queue")).status_code == 302
