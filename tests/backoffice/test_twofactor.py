import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory

PASSWORD = "correct-horse-battery"  # the factories' password
CODE_URL = reverse("backoffice:signin_code")


def _code(device: TOTPDevice) -> str:
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:06d}"


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="App", confirmed=True)


def _password(client, staff, **extra):
    return client.post(
        reverse("backoffice:signin"), {"username": staff.username, "password": PASSWORD, **extra}
    )


def test_enrolment_shows_the_secret_once_and_a_code_switches_it_on(client, staff):
    client.force_login(staff)
    page = client.get(reverse("backoffice:twofactor_setup")).content.decode()
    assert "<svg" in page and "<script" not in page
    pending = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(reverse("backoffice:twofactor_setup"), {"code": _code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed
    page = client.get(reverse("backoffice:twofactor_setup")).content.decode()
    assert "<svg" not in page and "ist eingerichtet" in page


def test_account_page_links_to_the_set_up(client, staff):
    client.force_login(staff)
    page = client.get(reverse("backoffice:account")).content.decode()
    assert reverse("backoffice:twofactor_setup") in page


def test_sign_in_asks_for_the_code_and_only_then_signs_in(client, device, staff):
    response = _password(client, staff, next="/backoffice/?view=all")
    assert response["Location"] == CODE_URL
    assert client.get(reverse("backoffice:queue")).status_code == 302  # not signed in yet
    response = client.post(CODE_URL, {"code": _code(device)})
    assert response["Location"] == "/backoffice/?view=all"
    assert client.get(reverse("backoffice:queue")).status_code == 200


def test_wrong_code_is_refused_in_german(client, device, staff):
    _password(client, staff)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    response = client.post(CODE_URL, {"code": wrong})
    assert response.status_code == 400
    assert "Der Code ist falsch oder wurde schon verwendet." in response.content.decode()
    assert client.get(reverse("backoffice:queue")).status_code == 302


def test_a_used_code_cannot_be_used_again(client, device, staff):
    code = _code(device)
    _password(client, staff)
    assert client.post(CODE_URL, {"code": code}).status_code == 302
    client.logout()
    _password(client, staff)
    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 400
    assert client.get(reverse("backoffice:queue")).status_code == 302


def test_repeated_wrong_codes_lock_the_sign_in(client, device, staff):
    _password(client, staff)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    for _ in range(5):
        client.post(CODE_URL, {"code": wrong})
    response = client.post(CODE_URL, {"code": _code(device)})
    assert response.status_code == 429
    assert "gesperrt" in response.content.decode()


def test_code_page_without_a_password_step_goes_back_to_sign_in(client, db):
    assert client.get(CODE_URL)["Location"] == reverse("backoffice:signin")


def test_required_setting_sends_staff_without_a_device_to_the_set_up(client, staff, settings):
    settings.BACKOFFICE_REQUIRE_2FA = True
    client.force_login(staff)
    response = client.get(reverse("backoffice:queue"))
    assert response["Location"] == reverse("backoffice:twofactor_setup")
    assert client.get(reverse("backoffice:twofactor_setup")).status_code == 200


def test_required_setting_lets_staff_with_a_device_through(client, device, staff, settings):
    settings.BACKOFFICE_REQUIRE_2FA = True
    client.force_login(staff)
    assert client.get(reverse("backoffice:queue")).status_code == 200
