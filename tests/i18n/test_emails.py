"""E-mails go out in the recipient's language, whatever language the sender's page was in."""

import pytest

from accounts.magic import link_request
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "subject", "body"),
    [
        ("de", "Ihr Anmeldelink für das Mieterportal", "mit diesem Link melden Sie sich im Mieterportal an"),
        ("en", "Your sign-in link for the tenant portal", "use this link to sign in to the tenant portal"),
        ("nl", "Uw inloglink voor het huurdersportaal", "met deze link logt u in op het huurdersportaal"),
    ],
)
def test_sign_in_link_mail_speaks_the_tenants_language(
    lang, subject, body, mailoutbox, django_capture_on_commit_callbacks
):
    party = PartyFactory(email="erika@example.org", language=lang)
    with django_capture_on_commit_callbacks(execute=True):
        link_request(email=party.email, build_url=lambda token: f"https://portal.example.org/l/{token}/")
    (mail,) = mailoutbox
    assert mail.subject.startswith(subject)
    assert body in mail.body
