"""The decision letter is kept with each applicant's own documents (portal: Dokumente), the outside
partner's too: each sees their own letter there, and cannot open the other's."""

import pytest
from django.urls import reverse

from estate.models import Document
from notifications.process_mail.swaps import DOCUMENT_KIND
from processes import engine
from processes.models import Process
from swaps import services
from swaps.models import SwapCheck
from tests.factories import resident_user
from tickets.actors import Actor

from .conftest import wished

pytestmark = pytest.mark.django_db


def refuse(client, swap, case_worker) -> None:
    client.force_login(case_worker)
    process = Process.objects.get(pk=swap.process_id)
    answer = client.post(
        reverse("backoffice:swap_checks", args=[swap.reference]),
        {"version": process.version, "action": "failed"},
    )
    assert answer.status_code == 302
    process.refresh_from_db()
    answer = client.post(
        reverse("backoffice:swap_decide", args=[swap.reference]),
        {"version": process.version, "outcome": "no", "reason": "Die Wohnung ist für den Haushalt zu klein."},
    )
    assert answer.status_code == 302


def sees_only_own(client, swap, party, other) -> None:
    mine = Document.objects.get(party=party, kind=DOCUMENT_KIND)
    theirs = Document.objects.get(party=other, kind=DOCUMENT_KIND)
    client.force_login(party.user)
    page = client.get(reverse("portal:documents")).content.decode()
    assert f"Entscheidung über den Wohnungstausch {swap.reference}" in page
    assert reverse("portal:document", args=[mine.pk]) in page
    assert reverse("portal:document", args=[theirs.pk]) not in page
    own = client.get(reverse("portal:document", args=[mine.pk]))
    assert own.status_code == 200
    assert b"".join(own.streaming_content if own.streaming else [own.content]).startswith(b"%PDF")
    assert client.get(reverse("portal:document", args=[theirs.pk])).status_code == 404


def test_each_tenant_finds_their_own_decision_letter_in_their_documents(
    client, confirmed, applicant, partner, case_worker
):
    refuse(client, confirmed, case_worker)
    assert Document.objects.filter(kind=DOCUMENT_KIND).count() == 2
    sees_only_own(client, confirmed, applicant, partner)
    sees_only_own(client, confirmed, partner, applicant)


def test_the_outside_partner_finds_their_decision_letter_too(client, swap_templates, applicant, case_worker):
    swap = services.swap_apply(
        applicant=applicant,
        actor=Actor.for_party(applicant),
        household=1,
        wished_date=wished(),
        outside={"first_name": "Olga", "last_name": "Ostermann", "email": "olga@example.net"},
    )
    address = {"street": "Hafenstraße 3", "postcode": "20457", "city": "Hamburg", "landlord": "Hansa"}
    services.partner_answer(swap, party=swap.partner, agreed=True, household=2, outside_data=address)
    staff = Actor.for_user(case_worker)
    for check in SwapCheck.objects.filter(swap=swap, passed=False):
        services.check_override(check, actor=staff, reason="Bescheinigung liegt vor.")
    services.checks_finish(swap, actor=staff)
    process = Process.objects.get(pk=swap.process_id)
    engine.complete(process, "applicant_home_appointment", actor=staff)
    engine.complete(process, "applicant_home_inspection", actor=staff)
    swap.process = Process.objects.get(pk=swap.process_id)
    services.swap_decide(swap, actor=staff, approve=False, reason="Zu klein.")
    partner = swap.partner
    partner.refresh_from_db()
    if partner.user_id is None:  # she registers for the portal later
        resident_user(partner)
        partner.refresh_from_db()
    sees_only_own(client, swap, partner, applicant)
    sees_only_own(client, swap, applicant, partner)
