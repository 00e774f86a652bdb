"""Each role's admin page says first, in German words, what its members may do and what not."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import CASE_WORKER, TEAM_LEAD, sync_roles
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def rights_on_page(client, name: str) -> dict[str, str]:
    group = Group.objects.get(name=name)
    page = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    return {label.strip(): answer for answer, label in re.findall(r"<li>(ja|nein): ([^<]+)</li>", page)}


def test_a_role_page_lists_what_the_role_may_do_in_words(client):
    sync_roles()
    client.force_login(StaffFactory(is_superuser=True))
    case_work, leading = rights_on_page(client, CASE_WORKER), rights_on_page(client, TEAM_LEAD)
    assert case_work["Datenänderungen von Mieterinnen und Mietern freigeben"] == "ja"
    assert case_work["Textbausteine anlegen und ändern"] == "nein"
    assert case_work["Briefe drucken (Druckstapel)"] == "nein"
    assert leading["Textbausteine anlegen und ändern"] == "ja"
    assert leading["alle abgeschlossenen (archivierten) Vorgänge einsehen"] == "ja"
    assert leading["Auswertungen sehen"] == "ja"
    assert leading["Datenauskünfte (DSGVO) erstellen"] == "nein"
