"""The admin has no sign-in of its own: staff sign in through the back-office (lock-out, second factor)."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory


def test_admin_login_sends_staff_to_the_back_office_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:signin") + "?next=/admin/"


def test_password_posted_to_the_admin_login_signs_nobody_in(client, db):
    StaffFactory(username="sabine", is_superuser=True)
    client.post("/admin/login/", {"username": "sabine", "password": "correct-horse-battery"})
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_after_back_office_sign_in_the_admin_opens(client):
    StaffFactory(username="sabine", is_superuser=True)
    response = client.post(
        reverse("backoffice:signin") + "?next=/admin/",
        {"username": "sabine", "password": "correct-horse-battery", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
