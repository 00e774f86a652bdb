"""The demo company has one Untervermietung waiting for the decision and one Tierhaltung granted with a
condition (its letter among the tenant's documents); seeding twice changes nothing."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo import seed_demo
from estate.models import Document
from permits.models import Permit
from processes.models import Process

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_sublet_and_a_granted_animal(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the letter is kept once the seed commits
        seed_demo(tickets=5)
    sublet = Process.objects.select_related("current_step__template").get(template__code="untervermietung")
    assert sublet.current_step.template.code == "decision"
    permit = Permit.objects.get()
    assert (permit.kind, permit.animal) == ("animal", "dog") and permit.is_in_force()
    assert Document.objects.filter(party=permit.party, kind="erlaubnis").count() == 1
    client.force_login(User.objects.get(username="e.yilmaz"))
    page = client.get(reverse("backoffice:permit_case", args=[sublet.ticket.reference])).content.decode()
    assert "Entscheidung speichern und Brief senden" in page
    assert "Beagle" in client.get(reverse("backoffice:person", args=[permit.party_id])).content.decode()
    client.force_login(sublet.ticket.reporter.user)
    assert client.get(reverse("portal:permit", args=[sublet.ticket.reference])).status_code == 200

    seed_demo(tickets=5)
    assert Process.objects.filter(template__code__in=["untervermietung", "tierhaltung"]).count() == 2
    assert Permit.objects.count() == 1
