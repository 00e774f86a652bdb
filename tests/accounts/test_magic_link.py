import datetime as dt
import re

import pytest
from django.utils import timezone

from accounts import magic
from accounts.models import MagicLink
from tests.factories import PartyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def request_link(email, mailoutbox, capture) -> str:
    with capture(execute=True):
        magic.link_request(email=email, build_url=lambda token: f"https://portal.example/l/{token}/")
    return re.search(r"/l/([\w-]+)/", mailoutbox[-1].body).group(1)


def test_token_is_stored_only_as_its_hash(mailoutbox, django_capture_on_commit_callbacks):
    party = PartyFactory(email="erika@example.org")
    token = request_link("Erika@Example.org ", mailoutbox, django_capture_on_commit_callbacks)
    link = MagicLink.objects.get(party=party)
    assert len(token) >= 43  # 32 random bytes
    assert link.token_hash == magic.hash_token(token)
    assert not MagicLink.objects.filter(token_hash__contains=token).exists()
    assert link.expires_at - link.created_at == dt.timedelta(minutes=15)


def test_unknown_address_mail_names_the_hotline(mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.COMPANY = {**settings.COMPANY, "hotline": "0800 123 456"}
    with django_capture_on_commit_callbacks(execute=True):
        magic.link_request(email="stranger@example.org", build_url=lambda token: f"/l/{token}/")
    assert len(mailoutbox) == 1
    assert "0800 123 456" in mailoutbox[0].body
    assert "/l/" not in mailoutbox[0].body
    assert not MagicLink.objects.exists()


def test_link_is_used_once(mailoutbox, django_capture_on_commit_callbacks):
    party = PartyFactory()
    token = request_link(party.email, mailoutbox, django_capture_on_commit_callbacks)
    user = magic.link_consume(token=token)
    party.refresh_from_db()
    assert party.user == user
    assert user.username == f"party-{party.pk}"
    assert not user.has_usable_password()
    with pytest.raises(magic.LinkInvalid) as err:
        magic.link_consume(token=token)
    assert err.value.reason == "used"


def test_expired_link_fails():
    party = PartyFactory()
    past = timezone.now() - dt.timedelta(minutes=16)
    token = "x" * 43
    MagicLink.objects.create(
        party=party,
        token_hash=magic.hash_token(token),
        email=party.email,
        created_at=past,
        expires_at=past + magic.LINK_LIFETIME,
    )
    with pytest.raises(magic.LinkInvalid) as err:
        magic.link_consume(token=token)
    assert err.value.reason == "expired"


def test_newer_link_voids_the_older_one(mailoutbox, django_capture_on_commit_callbacks):
    party = PartyFactory()
    first = request_link(party.email, mailoutbox, django_capture_on_commit_callbacks)
    second = request_link(party.email, mailoutbox, django_capture_on_commit_callbacks)
    with pytest.raises(magic.LinkInvalid) as err:
        magic.link_check(token=first)
    assert err.value.reason == "superseded"
    assert magic.link_consume(token=second).party == party


def test_changed_email_voids_the_link(mailoutbox, django_capture_on_commit_callbacks):
    party = PartyFactory()
    token = request_link(party.email, mailoutbox, django_capture_on_commit_callbacks)
    party.email = "new-address@example.org"
    party.save()
    with pytest.raises(magic.LinkInvalid) as err:
        magic.link_consume(token=token)
    assert err.value.reason == "superseded"


def test_staff_cannot_sign_in_by_link(mailoutbox, django_capture_on_commit_callbacks):
    party = PartyFactory(user=StaffFactory())
    token = request_link(party.email, mailoutbox, django_capture_on_commit_callbacks)
    with pytest.raises(magic.LinkInvalid):
        magic.link_consume(token=token)


def test_rate_limit_per_address(settings):
    settings.MAGIC_LINK_RATE_PER_ADDRESS = 5
    results = [magic.rate_limited(email="a@example.org", ip=f"10.0.0.{i}") for i in range(6)]
    assert results == [False] * 5 + [True]
    assert magic.rate_limited(email="b@example.org", ip="10.0.0.99") is False


def test_rate_limit_per_ip(settings):
    settings.MAGIC_LINK_RATE_PER_IP = 20
    results = [magic.rate_limited(email=f"p{i}@example.org", ip="10.1.1.1") for i in range(21)]
    assert results == [False] * 20 + [True]
