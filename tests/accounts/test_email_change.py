import re

import pytest
from django.core import signing
from django.urls import reverse

from accounts import magic
from accounts.models import MagicLink
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def ask_for_change(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("portal:email_change"), {"email-email": email})


def confirm_path(mail) -> str:
    return re.search(r"https?://[^/]+(/portal/meine-daten/e-mail/bestaetigen/\S+/)", mail.body).group(1)


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant.user)
    return client


def test_new_address_applies_only_after_confirming_from_that_mailbox(
    tenant_client, tenant, mailoutbox, django_capture_on_commit_callbacks
):
    old = tenant.email
    assert (
        ask_for_change(tenant_client, "Erika.Neu@Example.org", django_capture_on_commit_callbacks).status_code
        == 302
    )
    assert mailoutbox[0].to == ["erika.neu@example.org"]
    tenant.refresh_from_db()
    assert tenant.email == old
    path = confirm_path(mailoutbox[0])
    for _ in range(2):  # mail scanners open the link; that alone changes nothing
        assert tenant_client.get(path).status_code == 200
    tenant.refresh_from_db()
    assert tenant.email == old
    with django_capture_on_commit_callbacks(execute=True):
        assert tenant_client.post(path).status_code == 302
    tenant.refresh_from_db()
    tenant.user.refresh_from_db()
    assert tenant.email == tenant.user.email == "erika.neu@example.org"
    assert mailoutbox[-1].to == [old]  # the old address hears of it


def test_confirming_voids_every_open_sign_in_link(tenant, mailoutbox, django_capture_on_commit_callbacks):
    magic.link_request(email=tenant.email, build_url=lambda token: token)
    with django_capture_on_commit_callbacks(execute=True):
        magic.link_request(email=tenant.email, build_url=lambda token: token)
    token = mailoutbox[-1].body.split("\n")[4].strip()
    assert magic.link_check(token=token)
    magic.email_change_request(party=tenant, new_email="neu@example.org", build_url=lambda t: t)
    change_token = signing.TimestampSigner(salt=magic.EMAIL_CHANGE_SALT).sign_object(
        {"party": tenant.pk, "email": "neu@example.org", "old": tenant.email}
    )
    magic.email_change_confirm(token=change_token)
    assert not MagicLink.objects.filter(party=tenant, voided_at__isnull=True, used_at__isnull=True).exists()
    with pytest.raises(magic.LinkInvalid):
        magic.link_check(token=token)


def test_a_confirmation_link_works_once(tenant):
    token = signing.TimestampSigner(salt=magic.EMAIL_CHANGE_SALT).sign_object(
        {"party": tenant.pk, "email": "neu@example.org", "old": tenant.email}
    )
    magic.email_change_confirm(token=token)
    with pytest.raises(magic.EmailChangeInvalid) as again:
        magic.email_change_confirm(token=token)
    assert again.value.reason == "used"


def test_tampered_or_taken_links_show_a_friendly_page(client, tenant):
    signer = signing.TimestampSigner(salt=magic.EMAIL_CHANGE_SALT)
    token = signer.sign_object({"party": tenant.pk, "email": "neu@example.org", "old": tenant.email})
    tampered = client.get(reverse("portal:email_confirm", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 400
    assert "Dieser Link funktioniert nicht mehr" in tampered.content.decode()
    PartyFactory(email="neu@example.org")
    taken = client.post(reverse("portal:email_confirm", args=[token]))
    assert taken.status_code == 400
    assert "anderes Kundenkonto" in taken.content.decode()
    tenant.refresh_from_db()
    assert tenant.email != "neu@example.org"


def test_an_expired_confirmation_link_fails(tenant, settings, monkeypatch):
    token = signing.TimestampSigner(salt=magic.EMAIL_CHANGE_SALT).sign_object(
        {"party": tenant.pk, "email": "neu@example.org", "old": tenant.email}
    )
    monkeypatch.setattr(magic, "EMAIL_CHANGE_LIFETIME", magic.dt.timedelta(seconds=-1))
    with pytest.raises(magic.EmailChangeInvalid) as expired:
        magic.email_change_check(token=token)
    assert expired.value.reason == "expired"


def test_same_address_is_refused_as_form_error(tenant_client, tenant, mailoutbox):
    response = tenant_client.post(reverse("portal:email_change"), {"email-email": tenant.email.upper()})
    assert response.status_code == 400
    assert "bereits Ihre E-Mail-Adresse" in response.content.decode()
    assert mailoutbox == []
