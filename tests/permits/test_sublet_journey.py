"""Untervermietung from the tenant's form to the letter in Meine Dokumente: the co-tenant sees the request,
the case worker decides with a Untermietzuschlag and a time limit, the tenant reads the letter (PDF) and
the permission in force, the 360° view lists it; then staff revoke it and the tenant gets that letter."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from estate.models import Document
from notifications.models import OutboxMessage
from permits.models import Permit
from processes.models import Process
from tests.letters.pdftools import page_texts

from .conftest import client_for, in_days

pytestmark = pytest.mark.django_db


def _ask(client, **overrides):
    data = {
        "subtenant_name": "Jonas Weber",
        "rooms": "das kleine Zimmer, Küche und Bad gemeinsam",
        "valid_from": in_days(14).isoformat(),
        "valid_until": in_days(200).isoformat(),
        "reason": "Ich bin für ein Jahr beruflich oft im Ausland und brauche Hilfe bei der Miete.",
        "with_household": "ja",
        **overrides,
    }
    return client.post(reverse("portal:permit_sublet"), data)


def _text(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_sublet_from_the_form_to_the_letter_and_the_revocation(
    tenant, co_tenant, case_worker, django_capture_on_commit_callbacks
):
    tenant_client = client_for(tenant.user)
    assert tenant_client.get(reverse("portal:permit_sublet")).status_code == 200
    answer = _ask(tenant_client)
    assert answer.status_code == 302
    process = Process.objects.get(template__code="untervermietung")
    reference = process.ticket.reference
    assert answer["Location"] == reverse("portal:permit", args=[reference])
    # The decision is due within its working days; the ticket carries that due time for the queue.
    assert process.current_step.template.code == "decision"
    assert process.current_step.due_at is not None
    process.ticket.refresh_from_db()
    assert process.ticket.due_at == process.current_step.due_at

    page = tenant_client.get(answer["Location"]).content.decode()
    assert "Untervermietung an Jonas Weber" in page
    assert "Wir prüfen Ihren Antrag." in page and "spätestens am" in page

    # The co-tenant of the same contract sees the request in Meine Vorgänge and on its page.
    ben = client_for(co_tenant.user)
    assert reference in ben.get(reverse("portal:processes")).content.decode()
    assert "Jonas Weber" in ben.get(reverse("portal:permit", args=[reference])).content.decode()
    assert (
        "Ihr Antrag, unsere Entscheidung"
        in ben.get(reverse("portal:process", args=[reference])).content.decode()
    )

    # The case worker decides: granted with a surcharge and a time limit.
    staff = client_for(case_worker)
    case = staff.get(reverse("backoffice:permit_case", args=[reference])).content.decode()
    assert "Jonas Weber" in case and "Entscheidung speichern" in case
    assert f"ab {in_days(14):%d.%m.%Y} bis {in_days(200):%d.%m.%Y}" in case
    assert "backoffice/permits" not in case
    assert (
        reverse("backoffice:permit_case", args=[reference])
        in staff.get(reverse("backoffice:process", args=[reference])).content.decode()
    )
    process.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decided = staff.post(
            reverse("backoffice:permit_decide", args=[reference]),
            {
                "version": process.version,
                "outcome": "yes_with_conditions",
                "surcharge": "25,00",
                "valid_until": in_days(180).isoformat(),
                "conditions": "Die Untermietpartei meldet sich beim Einzug beim Hauswart.",
            },
        )
    assert decided.status_code == 302, decided.content.decode()
    process.refresh_from_db()
    assert process.state == Process.State.DONE and process.outcome == "yes_with_conditions"
    permit = Permit.objects.get(process=process)
    assert (permit.subtenant_name, permit.surcharge, permit.valid_until) == (
        "Jonas Weber",
        25,
        in_days(180),
    )
    assert permit.is_in_force() and permit.with_household

    # The tenant reads it by e-mail (they prefer e-mail) with the facts, and keeps the letter.
    # Receipt was told by the ticket's mail; the end only by the decision, no "Neuer Stand: Erledigt".
    told = set(OutboxMessage.objects.filter(recipient_party=tenant).values_list("kind", flat=True))
    assert "ticket_created" in told and "status_changed" not in told
    sent = OutboxMessage.objects.get(ticket=process.ticket, kind="permit_decision")
    assert (sent.channel, sent.recipient_address) == ("email", tenant.email)
    assert sent.subject == f"[{reference}] Ihr Antrag auf Untervermietung"
    body = sent.body_text
    assert "wir erlauben Ihnen die Untervermietung unter den folgenden Auflagen." in body
    assert "Untermietzuschlag: 25,00 € monatlich" in body
    assert not OutboxMessage.objects.filter(ticket=process.ticket, channel="letter").exists()
    document = Document.objects.get(party=tenant, kind="erlaubnis")
    assert reference in document.title
    letter = tenant_client.get(reverse("portal:document", args=[document.pk]))
    text = " ".join(" ".join(page_texts(b"".join(letter.streaming_content))).split())
    assert "Erlaubnis zur Untervermietung" in text
    assert "Jonas Weber" in text
    assert "Untermietzuschlag von 25,00 € im Monat" in text
    assert f"Ende {date_format(in_days(180), 'DATE_FORMAT')}" in text  # the time limit set, not the end asked
    assert "meldet sich beim Einzug beim Hauswart" in text
    assert "Sehr geehrte Frau Mustermann" in text or "Guten Tag" in text
    assert document.title in tenant_client.get(reverse("portal:documents")).content.decode()

    page = tenant_client.get(reverse("portal:permit", args=[reference])).content.decode()
    assert "erteilt mit Auflagen" in page and "Die Erlaubnis gilt." in page
    assert "Untermietzuschlag 25,00 € im Monat" in page
    assert reverse("portal:document", args=[document.pk]) in page
    # The co-tenant reads the decision too, but not the tenant's own letter.
    ben_page = ben.get(reverse("portal:permit", args=[reference])).content.decode()
    assert "erteilt mit Auflagen" in ben_page
    assert reverse("portal:document", args=[document.pk]) not in ben_page

    # The 360° view lists the permission in force.
    person = staff.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    assert "Erlaubnisse" in person and "Jonas Weber" in person

    # Revoked with a reason: a letter again, the permission no longer in force.
    with django_capture_on_commit_callbacks(execute=True):
        revoked = staff.post(
            reverse("backoffice:permit_revoke", args=[reference]),
            {"reason": "Die Untermietpartei hat wiederholt die Nachtruhe gestört."},
        )
    assert revoked.status_code == 302
    permit.refresh_from_db()
    assert not permit.is_in_force()
    sent = OutboxMessage.objects.get(ticket=process.ticket, kind="permit_revocation")
    assert sent.subject == f"[{reference}] Widerruf Ihrer Erlaubnis zur Untervermietung"
    assert "Nachtruhe" in sent.body_text
    kept = Document.objects.filter(party=tenant, kind="erlaubnis").order_by("pk")
    assert kept.count() == 2
    pdf = tenant_client.get(reverse("portal:document", args=[kept.last().pk]))
    text = " ".join(" ".join(page_texts(b"".join(pdf.streaming_content))).split())
    assert "Diese Erlaubnis widerrufen wir hiermit." in text and "Nachtruhe" in text
    assert "widerrufen" in tenant_client.get(reverse("portal:permit", args=[reference])).content.decode()
    assert "Jonas Weber" not in staff.get(reverse("backoffice:person", args=[tenant.pk])).content.decode()
    # A second revocation is refused: nothing is in force any more.
    again = staff.post(reverse("backoffice:permit_revoke", args=[reference]), {"reason": "noch einmal"})
    assert again.status_code == 409
