"""The swap's partner holds the co-tenant role of the process but is no co-tenant: every page that names
a role calls them Tauschpartnerin or Tauschpartner (processes.models.role_words), never Mitmieter."""

import pytest
from django.urls import reverse

from processes.models import Process

pytestmark = pytest.mark.django_db


def test_the_partner_is_named_tauschpartner_on_every_page(client, confirmed, applicant, partner, case_worker):
    applicant.salutation, partner.salutation = "Frau", "Herr"
    applicant.save(update_fields=["salutation"])
    partner.save(update_fields=["salutation"])
    reference = Process.objects.get(pk=confirmed.process_id).ticket.reference

    client.force_login(case_worker)
    process_page = client.get(reverse("backoffice:process", args=[reference])).content.decode()
    assert f'Tauschpartner: <a href="{reverse("backoffice:person", args=[partner.pk])}">' in process_page
    assert f'Mieterin: <a href="{reverse("backoffice:person", args=[applicant.pk])}">' in process_page
    assert "Bernd Brandt (Tauschpartner)" in process_page  # his signature of the application
    person_page = client.get(reverse("backoffice:person", args=[partner.pk])).content.decode()
    assert "Wohnungstausch – Tauschpartner" in person_page

    client.force_login(partner.user)
    for url in (reverse("portal:processes"), reverse("portal:process", args=[reference])):
        text = " ".join(client.get(url).content.decode().split())
        assert "Ihre Rolle: Tauschpartner" in text
        assert "Mitmieter" not in text
