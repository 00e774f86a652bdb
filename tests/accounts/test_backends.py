"""The user of a request is loaded with their party in one query; sessions signed in under Django's own
backend path stay signed in."""

from unittest.mock import patch

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

OURS = "accounts.backends.UserWithPartyBackend"
DJANGOS = "django.contrib.auth.backends.ModelBackend"


def test_a_portal_page_reads_the_user_and_their_party_in_one_query(client, tenant):
    client.force_login(tenant.user)
    assert client.session[BACKEND_SESSION_KEY] == OURS
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:home")).status_code == 200
    users = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(users) == 1
    assert 'JOIN "estate_party"' in users[0]
    # The party is not read again on its own.
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT "estate_party"."id"')]


def test_a_session_signed_in_under_djangos_path_stays_signed_in(client, tenant):
    client.force_login(tenant.user, backend=DJANGOS)
    assert client.session[BACKEND_SESSION_KEY] == DJANGOS
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_inactive_user_is_signed_out(client, tenant):
    client.force_login(tenant.user)
    tenant.user.is_active = False
    tenant.user.save()
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_password_sign_in_is_checked_by_our_backend():
    worker = StaffFactory()
    user = authenticate(username=worker.username, password="correct-horse-battery")
    assert user == worker
    assert user.backend == OURS
    assert authenticate(username=worker.username, password="wrong") is None


def test_a_wrong_password_is_checked_once():
    worker = StaffFactory()
    with patch.object(type(worker), "check_password", autospec=True, return_value=False) as check:
        assert authenticate(username=worker.username, password="wrong") is None
    assert check.call_count == 1
