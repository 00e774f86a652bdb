"""The back-office's main navigation is rendered once per set of entries, page and language
(`{% fixed %}`, knowledge/templatetags/layout.py): what each colleague sees must still be their own."""

import re

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.factories import StaffFactory, TicketFactory


def _nav(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'<nav aria-label="[^"]+">.*?</nav>', html, re.S).group(0)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_colleague_sees_their_entries_and_the_page_they_are_on():
    writer = StaffFactory(roles=["Sachbearbeitung"])
    writer.user_permissions.add(Permission.objects.get(codename="change_textblock"))
    other = StaffFactory(roles=["Sachbearbeitung"])
    ticket = TicketFactory()
    queue, people = reverse("backoffice:queue"), reverse("backoffice:people")

    for _ in range(2):  # the second round comes from what the first kept
        assert "Textbausteine" in _nav(_signed_in(writer), queue)
        assert "Textbausteine" not in _nav(_signed_in(other), queue)
        assert f'href="{queue}" aria-current="page"' in _nav(_signed_in(other), queue)
        on_ticket = _nav(_signed_in(other), reverse("backoffice:ticket", args=[ticket.reference]))
        assert f'href="{queue}" aria-current="true"' in on_ticket
        on_people = _nav(_signed_in(other), people)
        assert f'href="{people}" aria-current="page"' in on_people
        assert f'href="{queue}" aria-current' not in on_people


def test_the_entries_follow_the_colleagues_language():
    colleague = StaffFactory(roles=["Sachbearbeitung"], language="en")
    german = StaffFactory(roles=["Sachbearbeitung"], language="de")
    queue = reverse("backoffice:queue")
    for _ in range(2):
        assert ">Work queue<" in _nav(_signed_in(colleague), queue)
        assert ">Arbeitskorb<" in _nav(_signed_in(german), queue)
